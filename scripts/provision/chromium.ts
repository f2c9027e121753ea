import { firstWorking, NotApplicable, type Log } from './attempts.js';
import { isExecutableFile, runTool, which } from './tools.js';

const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/**
 * A Chromium for browser tests. Playwright's own browser download cannot work where only
 * package registries are reachable, so this takes the system binary: `CHROMIUM_PATH`, then
 * Debian's `chromium` (already there, or installed with apt-get when running as root, as CI does).
 */
export async function provideChromium(log: Log, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return firstWorking(
    'chromium',
    [
      {
        label: 'CHROMIUM_PATH',
        run: async () => {
          const path = env.CHROMIUM_PATH;
          if (!path) throw new NotApplicable('not set');
          if (!isExecutableFile(path)) throw new Error(`${path} is not an executable file`);
          return path;
        },
      },
      {
        label: '`chromium` already installed',
        run: async () => {
          const path = isExecutableFile(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : which('chromium', env.PATH);
          if (!path) throw new NotApplicable('not found');
          return path;
        },
      },
      {
        label: "Debian's chromium package (apt-get)",
        run: async () => {
          const aptGet = which('apt-get', env.PATH);
          if (!aptGet) throw new NotApplicable('no apt-get on PATH');
          if (process.getuid?.() !== 0) throw new NotApplicable('not root, so apt-get cannot install');
          log('chromium: installing the Debian package (first run only, 1-3 min)');
          const aptEnv = { ...env, DEBIAN_FRONTEND: 'noninteractive' };
          await runTool(aptGet, ['update', '-qq'], { env: aptEnv, timeoutMs: 300_000 });
          await runTool(aptGet, ['install', '-y', '-qq', 'chromium'], { env: aptEnv, timeoutMs: 900_000 });
          if (!isExecutableFile(DEBIAN_CHROMIUM)) throw new Error(`apt-get finished but ${DEBIAN_CHROMIUM} is missing`);
          return DEBIAN_CHROMIUM;
        },
      },
    ],
    log,
    'Install Chromium (Debian: `apt-get install chromium`) or set CHROMIUM_PATH to a Chromium binary.',
  );
}

/**
 * Flags for a headless Chromium on a machine with no network beyond loopback: without the
 * background-networking ones it keeps dialling Google's hosts and logging refusals.
 */
export const HEADLESS_CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
