// Runs a command with WEIJIAN_BASE_URL pointing at a freshly started weijian server, then
// stops the server. Used by CTest for the browser tests. Usage: node run_with_server.mjs CMD ARGS…
import { spawn } from 'node:child_process';
import { startServer } from './server.mjs';
import { DEMO_PASSWORD, DEMO_ADMIN_TOTP } from './totp.mjs';
import path from 'node:path';

const [cmd, ...args] = process.argv.slice(2);
const server = await startServer({ demo: true });
const child = spawn(cmd, args, { stdio: 'inherit', env: {
  ...process.env,
  WEIJIAN_BASE_URL: server.baseUrl,
  WEIJIAN_E2E_ADMIN_USER: 'admin',
  WEIJIAN_E2E_ADMIN_PASSWORD: DEMO_PASSWORD,
  WEIJIAN_E2E_ADMIN_TOTP_SECRET: DEMO_ADMIN_TOTP,
  WEIJIAN_E2E_ADMIN_TOTP_CMD: `node ${path.join(import.meta.dirname, 'totp_cli.mjs')} ${DEMO_ADMIN_TOTP}`,
  WEIJIAN_E2E_DISTRICT_A_USER: 'section_head_a',
  WEIJIAN_E2E_DISTRICT_B_USER: 'section_head_b',
  WEIJIAN_E2E_STAFF_PASSWORD: DEMO_PASSWORD,
} });
const code = await new Promise((resolve) => child.on('exit', (c, s) => resolve(c ?? (s ? 1 : 0))));
const result = await server.stop();
if (code !== 0) {
  // The server's side of a failed browser test: warnings and errors only.
  const lines = server.stderr().split('\n').filter((l) => /"level":"(warn|error)"/.test(l));
  console.error(`weijian log (warnings and errors, last 40):\n${lines.slice(-40).join('\n')}`);
}
if (result.code !== 0) {
  console.error(`weijian exited with ${result.code} after the browser test:\n${server.stderr()}`);
  process.exit(1);
}
process.exit(code);
