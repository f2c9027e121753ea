import { writeFile } from 'node:fs/promises';
import { UsageError } from '../../verify/errors.js';
import { printJson, segment, type AdminDeps } from './io.js';

export interface ExportOptions {
  model: string;
  format?: string | undefined;
  /** Write here instead of stdout. */
  output?: string | undefined;
}

/** `export M --format audit|oscal|sarif|html [-o FILE]`: a model's export as the platform renders it. */
export async function exportCommand(options: ExportOptions, { client, io }: AdminDeps): Promise<void> {
  if (!options.format) throw new UsageError('export needs --format audit|oscal|sarif|html');
  // The platform validates the format (an unknown one is its 400), so every format it serves is one path here.
  const bytes = await client.download(`/api/models/${segment(options.model)}/export?format=${segment(options.format)}`);
  if (!options.output) {
    io.stdout.write(bytes);
    return;
  }
  await writeFile(options.output, bytes).catch((error: Error) => {
    throw new UsageError(`cannot write ${options.output}: ${error.message}`);
  });
  printJson(io, { model: options.model, format: options.format, file: options.output, bytes: bytes.length });
}
