// Builds the CLI package (`npm pack`, whose prepack runs tsc) and installs the tarball into an
// empty folder the way a CI job would: production dependencies only, from the npm cache first.
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);
export const CLI_PACKAGE_DIR = resolve(import.meta.dirname, '../packages/verify');

export interface InstalledCli {
  /** The folder the package was installed into (its node_modules holds the dependencies). */
  dir: string;
  tarball: string;
  version: string;
  bin: { verify: string; admin: string };
}

export async function installCliPackage(into: string): Promise<InstalledCli> {
  const npm = (args: string[], cwd: string) => exec('npm', args, { cwd, maxBuffer: 64 * 1024 * 1024, timeout: 240_000 });
  const { version } = JSON.parse(await readFile(join(CLI_PACKAGE_DIR, 'package.json'), 'utf8')) as { version: string };
  const [packed] = JSON.parse((await npm(['pack', '--json', '--pack-destination', into], CLI_PACKAGE_DIR)).stdout) as Array<{ filename: string }>;
  const tarball = join(into, packed!.filename);
  const dir = join(into, 'ci-job');
  await mkdir(dir);
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'ci-job', private: true }));
  await npm(['install', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', tarball], dir);
  const bin = join(dir, 'node_modules/.bin');
  return { dir, tarball, version, bin: { verify: join(bin, 'assay-verify'), admin: join(bin, 'assay-admin') } };
}
