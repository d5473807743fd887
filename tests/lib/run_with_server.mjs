// Runs a command with WEIJIAN_BASE_URL pointing at a freshly started weijian server, then
// stops the server. Used by CTest for the browser tests. Usage: node run_with_server.mjs CMD ARGS…
import { spawn } from 'node:child_process';
import { startServer } from './server.mjs';

const [cmd, ...args] = process.argv.slice(2);
const server = await startServer();
const child = spawn(cmd, args, { stdio: 'inherit', env: { ...process.env, WEIJIAN_BASE_URL: server.baseUrl } });
const code = await new Promise((resolve) => child.on('exit', (c, s) => resolve(c ?? (s ? 1 : 0))));
const result = await server.stop();
if (result.code !== 0) {
  console.error(`weijian exited with ${result.code} after the browser test:\n${server.stderr()}`);
  process.exit(1);
}
process.exit(code);
