import { readFile } from 'node:fs/promises';
import { auditPackage } from '../audit/check-package.js';
import { renderAuditText } from '../audit/render.js';
import { PackageFormatError, tarMembers } from '../audit/tar-members.js';
import { keysFromFile, platformPin } from '../audit/trust-anchors.js';
import { ExitError, UsageError } from '../errors.js';
import type { CliIO } from '../io.js';

export interface AuditCommandOptions {
  file: string;
  /** `--platform-key FILE|KID`. */
  platformKey?: string;
  /** `--ci-key FILE` (repeatable). */
  ciKeys: string[];
  output: string;
}

/** The audit's verdict as an exit code: verified 0, tampered 1, unverifiable 2. */
const EXIT_BY_VERDICT = { verified: 0, tampered: 1, unverifiable: 2 } as const;

/** `assay-verify audit PACKAGE`: fully offline; reads the package and the pinned key files, nothing else. */
export async function auditCommand(options: AuditCommandOptions, io: CliIO): Promise<void> {
  if (options.output !== 'text' && options.output !== 'json') throw new UsageError('audit writes --output text or json');
  let bytes: Buffer;
  try {
    bytes = await readFile(options.file);
  } catch (error) {
    throw new UsageError(`cannot read ${options.file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  let members: Map<string, Buffer>;
  try {
    members = await tarMembers(bytes);
  } catch (error) {
    if (error instanceof PackageFormatError) throw new UsageError(`${options.file}: ${error.message}`);
    throw error;
  }
  const ciKeys = (await Promise.all(options.ciKeys.map(keysFromFile))).flat();
  const report = await auditPackage(members, { platformPin: await platformPin(options.platformKey), ciKeys });
  io.stdout.write(options.output === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderAuditText(report));
  const code = EXIT_BY_VERDICT[report.verdict];
  if (code !== 0) throw new ExitError(code);
}
