import { runCli } from './cli.js';
import { exitCodeFor } from './errors.js';
import { processIO } from './io.js';

// The single top-level catch: every error becomes an exit code and, if needed, a line on stderr.
const io = processIO();
try {
  await runCli(process.argv.slice(2), io);
} catch (error) {
  const { code, message } = exitCodeFor(error);
  if (message) io.stderr.write(`${message}\n`);
  process.exitCode = code;
}
