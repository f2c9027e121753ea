import { createRequire } from 'node:module';

const pkg = createRequire(import.meta.url)('../package.json') as { version: string };

export const TOOL = { name: 'assay-verify', version: pkg.version } as const;

/** What `--version` prints: cac's own format, so the bin's fast path and the full CLI agree. */
export function versionLine(): string {
  return `${TOOL.name}/${TOOL.version} ${process.platform}-${process.arch} node-${process.version}`;
}

/** `assay-verify --version` (or `-v`) alone: the bin answers it before the CLI loads. */
export function asksOnlyVersion(argv: readonly string[]): boolean {
  return argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v');
}
