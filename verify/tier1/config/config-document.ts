import ini from 'ini';
import { findNodeAtLocation, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { isNode, parseAllDocuments } from 'yaml';
import type { SafeFile } from '../check.js';
import { lineAt } from '../lines.js';
import { parseDotenv, parseProperties, type FlatEntry } from './flat-formats.js';
import type { Segment } from './key-path.js';
import { walk } from './walk.js';

export type ConfigFormat = 'JSON' | 'YAML' | 'TOML' | 'INI' | '.env' | '.properties';

export type Lookup = { found: true; value: unknown; line: number | undefined } | { found: false; reason: string };

export interface ConfigDocument {
  format: ConfigFormat;
  lookup(segments: readonly Segment[]): Lookup;
}

export function configFormatOf(file: string): ConfigFormat | undefined {
  const name = path.posix.basename(file).toLowerCase();
  if (name === '.env' || name.startsWith('.env.') || name.endsWith('.env')) return '.env';
  const ext = path.posix.extname(name);
  if (['.json', '.jsonc', '.json5'].includes(ext) || ['.babelrc', '.eslintrc'].includes(name)) return 'JSON';
  if (ext === '.yaml' || ext === '.yml') return 'YAML';
  if (ext === '.toml') return 'TOML';
  if (['.ini', '.cfg', '.conf'].includes(ext) || ['.editorconfig', '.npmrc'].includes(name)) return 'INI';
  if (ext === '.properties') return '.properties';
  return undefined;
}

export type Parsed = { ok: true; doc: ConfigDocument } | { ok: false; reason: string };

/** Parses a config file with the real parser for its format; a syntax error is a failure. */
export function parseConfig(file: SafeFile): Parsed {
  const format = configFormatOf(file.path);
  if (!format) return { ok: false, reason: `${file.path}: unsupported config format (JSON, JSONC, YAML, TOML, INI, .env, .properties)` };
  try {
    switch (format) {
      case 'JSON':
        return parseJson(file);
      case 'YAML':
        return parseYaml(file);
      case 'TOML':
        return located(format, parseToml(file.text), false, file);
      case 'INI':
        return located(format, ini.parse(file.text), true, file);
      case '.env':
        return flat(format, parseDotenv(file.text));
      case '.properties':
        return flat(format, parseProperties(file.text));
    }
  } catch (error) {
    return { ok: false, reason: `${file.path} is not valid ${format}: ${(error as Error).message.split('\n')[0]}` };
  }
}

function parseJson(file: SafeFile): Parsed {
  const errors: ParseError[] = [];
  const tree = parseTree(file.text, errors, { allowTrailingComma: true, disallowComments: false });
  const first = errors[0];
  if (!tree || first) {
    const where = first ? ` at line ${lineAt(file, first.offset)} (${printParseErrorCode(first.error)})` : '';
    return { ok: false, reason: `${file.path} is not valid JSON${where}` };
  }
  const root = toValue(tree);
  return {
    ok: true,
    doc: {
      format: 'JSON',
      lookup(segments) {
        const hit = walk(root, segments, false);
        if (!hit.found) return hit;
        const node = findNodeAtLocation(tree, hit.chain);
        return { found: true, value: hit.value, line: node ? lineAt(file, node.offset) : undefined };
      },
    },
  };
}

// jsonc-parser's getNodeValue keeps the last of duplicate keys, as JSON.parse does.
function toValue(node: NonNullable<ReturnType<typeof parseTree>>): unknown {
  if (node.type === 'object') {
    return Object.fromEntries((node.children ?? []).map((p) => [p.children?.[0]?.value as string, p.children?.[1] ? toValue(p.children[1]) : null]));
  }
  if (node.type === 'array') return (node.children ?? []).map(toValue);
  return node.value;
}

function parseYaml(file: SafeFile): Parsed {
  const docs = parseAllDocuments(file.text);
  if (!Array.isArray(docs)) return { ok: false, reason: `${file.path} is not valid YAML` };
  for (const doc of docs) {
    const error = doc.errors[0];
    if (error) return { ok: false, reason: `${file.path} is not valid YAML: ${error.message.split('\n')[0]}` };
  }
  const values = docs.map((doc) => doc.toJS({ maxAliasCount: 100 }) as unknown);
  return {
    ok: true,
    doc: {
      format: 'YAML',
      lookup(segments) {
        let miss: Lookup | undefined;
        for (const [i, value] of values.entries()) {
          const hit = walk(value, segments, false);
          if (!hit.found) {
            miss ??= hit;
            continue;
          }
          const node = docs[i]?.getIn(hit.chain, true);
          const line = isNode(node) && node.range ? lineAt(file, node.range[0]) : undefined;
          return { found: true, value: hit.value, line };
        }
        return miss ?? { found: false, reason: 'the YAML file has no documents' };
      },
    },
  };
}

function flat(format: ConfigFormat, entries: Map<string, FlatEntry>): Parsed {
  const root = Object.fromEntries([...entries].map(([k, e]) => [k, e.value]));
  return {
    ok: true,
    doc: {
      format,
      lookup(segments) {
        const hit = walk(root, segments, true);
        if (!hit.found) return hit;
        return { found: true, value: hit.value, line: entries.get(String(hit.chain[0]))?.line };
      },
    },
  };
}

/** TOML and INI parsers give no positions: the line is found from the section and key names. */
function located(format: ConfigFormat, root: unknown, isFlat: boolean, file: SafeFile): Parsed {
  return {
    ok: true,
    doc: {
      format,
      lookup(segments) {
        const hit = walk(root, segments, isFlat);
        if (!hit.found) return hit;
        return { found: true, value: hit.value, line: guessLine(file.text, hit.chain) };
      },
    },
  };
}

function guessLine(text: string, chain: readonly Segment[]): number | undefined {
  const keys = chain.filter((s): s is string => typeof s === 'string');
  const key = keys[keys.length - 1];
  if (key === undefined) return undefined;
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const lines = text.split('\n');
  const parent = keys[keys.length - 2];
  let from = 0;
  if (parent !== undefined) {
    // `[^\][]` (not `[^\]]`): a class that cannot also match `[` keeps the match linear on `[[[[…` lines.
    const header = new RegExp(`^\\s*\\[+[^\\][]*\\b${esc(parent)}["']?\\s*\\]+`);
    const at = lines.findIndex((l) => header.test(l));
    if (at >= 0) from = at;
  }
  const keyLine = new RegExp(`^\\s*["']?${esc(key)}["']?\\s*[=:]|^\\s*\\[+[^\\][]*\\b${esc(key)}["']?\\s*\\]+`);
  const index = lines.findIndex((l, i) => i >= from && keyLine.test(l));
  return index >= 0 ? index + 1 : undefined;
}
