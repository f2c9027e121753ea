import type { CheckContext, Evidence } from '../check.js';
import { lineEvidence, wholeFileEvidence } from '../lines.js';
import { parseConfig } from './config-document.js';
import { parseKeyPath } from './key-path.js';

export type KeyLookup =
  | { ok: true; value: unknown; evidence: Evidence; where: string; format: string }
  | { ok: false; reason: string; evidence: Evidence[] };

/** Reads and parses the config file once per run, then follows the key path exactly. */
export async function findConfigKey(ctx: CheckContext, file: string, key: string): Promise<KeyLookup> {
  const segments = parseKeyPath(key);
  if (!segments) return { ok: false, reason: `key "${key}" is not a valid path (use a.b[0].c, or a["x.y"] for keys with dots)`, evidence: [] };
  const read = await ctx.read(file);
  if (!read.ok) return { ok: false, reason: read.reason, evidence: [] };
  const parsed = parseConfig(read.file);
  if (!parsed.ok) return { ok: false, reason: parsed.reason, evidence: [wholeFileEvidence(read.file)] };
  const hit = parsed.doc.lookup(segments);
  if (!hit.found) {
    return { ok: false, reason: `${read.file.path}: ${hit.reason}`, evidence: [wholeFileEvidence(read.file)] };
  }
  const evidence = hit.line === undefined ? wholeFileEvidence(read.file) : lineEvidence(read.file, hit.line);
  const where = `${read.file.path}${hit.line === undefined ? '' : `:${hit.line}`}`;
  return { ok: true, value: hit.value, evidence, where, format: parsed.doc.format };
}
