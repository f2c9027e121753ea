import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ASSERTION_TYPES } from '../domain/schemas/assertion.js';
import { scanImports } from './import-layers.js';

const ROOT = resolve(import.meta.dirname, '..');

/** The repo files a type's check loads (value imports, followed to the end). */
function loadedBy(entry: string): Set<string> {
  const seen = new Set<string>();
  const stack = [entry];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (seen.has(file) || !existsSync(resolve(ROOT, file))) continue;
    seen.add(file);
    for (const edge of scanImports(file, readFileSync(resolve(ROOT, file), 'utf8'))) {
      if (edge.local && !edge.typeOnly) stack.push(edge.target.replace(/\.js$/, '.ts'));
    }
  }
  return seen;
}

/** Which module stands for which engine of the README's table. */
const ENGINE_OF: ReadonlyArray<[string, string[]]> = [
  ['verify/tier1/code/load-code.ts', ['ts-morph', 'tree-sitter']],
  ['verify/tier1/scan/ts-code-mask.ts', ['ts-morph']],
  ['verify/tier1/scan/python-code-mask.ts', ['tree-sitter']],
  ['verify/tier1/regex.ts', ['RE2']],
  ['verify/tier1/config/config-document.ts', ['config parsers']],
  ['verify/tier1/deps/manifest.ts', ['manifest parsers']],
  ['verify/tier1/runners/detect.ts', ['test runner']],
];

function enginesOf(type: string): string[] {
  const loaded = loadedBy(`verify/tier1/types/${type.replaceAll('_', '-')}.ts`);
  const engines = new Set(ENGINE_OF.filter(([module]) => loaded.has(module)).flatMap(([, names]) => names));
  return engines.size === 0 ? ['file system'] : [...engines].sort();
}

describe('verify/README.md type table', () => {
  // The rows of the type table's own section (other sections have tables of their own).
  const section = readFileSync(resolve(ROOT, 'verify/README.md'), 'utf8').split(/^## /m).find((part) => part.startsWith('Tier 1 types'))!;
  const rows = section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => line.split('|').map((cell) => cell.trim()));

  it('has one row per Tier 1 type, in catalogue order', () => {
    expect(rows.map((cells) => cells[1]?.replaceAll('`', ''))).toEqual([...ASSERTION_TYPES]);
  });

  it("names the engines each type's check actually loads", () => {
    for (const cells of rows) {
      const type = cells[1]!.replaceAll('`', '');
      const documented = (cells[7] ?? '').split(',').map((s) => s.trim()).sort();
      expect(documented, type).toEqual(enginesOf(type));
    }
  });

  it('would notice a wrong engine', () => {
    expect(enginesOf('file_hash')).toEqual(['file system']);
    expect(enginesOf('config_value_matches')).toEqual(['RE2', 'config parsers']);
  });
});
