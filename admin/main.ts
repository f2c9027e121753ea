import { exitCodeFor } from '../verify/errors.js';
import { processIO } from '../verify/io.js';
import { ADMIN_TOOL, runAdminCli } from './cli.js';

// `assay-admin`: manage a workspace's API keys, CI public keys, policy and decisions through the
// platform API, with an admin key (the first start prints one). The single top-level catch:
// every error becomes an exit code and, if needed, a line on stderr, as in assay-verify.
const io = processIO();
try {
  await runAdminCli(process.argv.slice(2), io, process.env);
} catch (error) {
  const { code, message } = exitCodeFor(error, ADMIN_TOOL);
  if (message) io.stderr.write(`${message}\n`);
  process.exitCode = code;
}
