import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = import.meta.dirname;
const ALLOWED = [/^\.\.?\//, /^zod$/, /^canonicalize$/, /^@noble\/hashes\/[\w.]+$/];
const FORBIDDEN_GLOBALS = /\b(?:process\.|Date\.now\(|new Date\(\)|Math\.random\(|setTimeout\(|fetch\()/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'test-support' ? [] : sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

// Workflows import domain/, so it must stay deterministic and free of I/O (SPEC §2, §1.3).
describe('domain/ purity', () => {
  it.each(sources(ROOT).map((p) => [relative(ROOT, p), p]))('%s imports only zod, canonicalize, @noble/hashes and domain', (_, path) => {
    const text = readFileSync(path, 'utf8');
    const specifiers = [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'/gm)].map((m) => m[1] ?? '');
    expect(specifiers.filter((s) => !ALLOWED.some((re) => re.test(s)))).toEqual([]);
    expect(text).not.toMatch(FORBIDDEN_GLOBALS);
  });
});
