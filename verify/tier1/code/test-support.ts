import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AssertionTypeDefinition, CheckContext } from '../check.js';
import { createCheckContext } from '../context.js';

/** Fixture projects of the code assertions, one folder per language. */
export const FIXTURE_ROOT = fileURLToPath(new URL('../../fixtures/code/', import.meta.url));

export interface Case {
  why: string;
  params: Record<string, unknown>;
  verdict: 'pass' | 'fail';
  /** Text found on the first evidence line: pins a pass to the construct that earned it. */
  at?: string;
  details?: RegExp;
}

function fixtureLine(path: string, line: number): string {
  return readFileSync(`${FIXTURE_ROOT}${path}`, 'utf8').split('\n')[line - 1] ?? '';
}

/** Runs each case through the real context (confined reads, parse cache) over the fixtures. */
export function checkCases(def: AssertionTypeDefinition, cases: Case[]): void {
  let ctx: CheckContext;
  beforeAll(async () => {
    ctx = await createCheckContext({ root: FIXTURE_ROOT, tests: false });
  });
  afterAll(() => ctx.parsed.dispose());

  it.each(cases)('$verdict: $why', async (c) => {
    const outcome = await def.check(def.params.parse(c.params), ctx);
    expect(outcome.verdict, outcome.details).toBe(c.verdict);
    if (c.details) expect(outcome.details).toMatch(c.details);
    if (c.verdict === 'fail') {
      expect(outcome.evidence).toEqual([]);
      return;
    }
    expect(outcome.evidence.length).toBeGreaterThan(0);
    for (const evidence of outcome.evidence) {
      const text = readFileSync(`${FIXTURE_ROOT}${evidence.path}`);
      expect(evidence.sha256).toBe(createHash('sha256').update(text).digest('hex'));
      expect(evidence.startLine).toBeGreaterThan(0);
      expect(evidence.endLine).toBeGreaterThanOrEqual(evidence.startLine);
    }
    const first = outcome.evidence[0]!;
    if (c.at) expect(fixtureLine(first.path, first.startLine)).toContain(c.at);
  });
}
