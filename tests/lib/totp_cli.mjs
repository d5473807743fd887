// Prints the current TOTP code for a base32 secret (for browser tests): node totp_cli.mjs SECRET [offset]
import { totpCode } from './totp.mjs';
console.log(totpCode(process.argv[2], Date.now() / 1000, Number(process.argv[3] ?? 0)));
