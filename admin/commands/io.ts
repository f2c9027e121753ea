import { readFile } from 'node:fs/promises';
import { UsageError } from '../../verify/errors.js';
import type { CliIO } from '../../verify/io.js';
import type { AdminClient } from '../client.js';

/** What every admin command gets: the platform and where to print. */
export interface AdminDeps {
  client: AdminClient;
  io: CliIO;
}

/** Answers are printed as indented JSON, for people and for `jq` alike. */
export function printJson(io: CliIO, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** A path segment from a user-given id. */
export const segment = (id: string) => encodeURIComponent(id);

/** A JSON input file; one that cannot be read or parsed is the user's to fix (exit 2). */
export async function readJson(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8').catch((error: Error) => {
    throw new UsageError(`cannot read ${file}: ${error.message}`);
  });
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`${file} is not JSON: ${(error as Error).message}`);
  }
}
