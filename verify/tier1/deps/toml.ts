import { parse as parseToml } from 'smol-toml';
import type { SafeFile } from '../check.js';

export type Table = Record<string, unknown>;

export const table = (v: unknown): Table => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Table) : {});
export const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** A TOML manifest as plain tables, or the parser's first line of complaint. */
export function parseTomlFile(file: SafeFile): { ok: true; doc: Table } | { ok: false; reason: string } {
  try {
    return { ok: true, doc: parseToml(file.text) as Table };
  } catch (error) {
    return { ok: false, reason: `${file.path} is not valid TOML: ${(error as Error).message.split('\n')[0]}` };
  }
}
