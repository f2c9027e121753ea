import type { ts } from 'ts-morph';
import { typescript } from '../../parsers/ts-morph.js';
import type { TestFact } from '../facts.js';
import { pathOf, spanOf, unwrap, walk } from './syntax.js';

const TESTS = new Set(['it', 'test', 'specify']);
const SUITES = new Set(['describe', 'context', 'suite']);
/** Modifiers that keep a test runnable (`.only` focuses; `.each` parametrises). */
const RUNNABLE = new Set(['only', 'concurrent', 'sequential', 'each', 'fails', 'serial', 'parallel', 'describe']);
/** Modifiers that keep it from running, or run it only sometimes (counted as skipped: fail closed). */
const SKIPPING = new Set(['skip', 'todo', 'skipIf', 'runIf', 'fixme']);

interface TestCall {
  kind: 'test' | 'suite';
  skipped: boolean;
  title: string;
}

/** `it('t', fn)`, `test.only`, `it.each(rows)('t', fn)`, `xit`, `fdescribe`, Playwright `test.describe(…)`. */
function classify(call: ts.CallExpression): TestCall | undefined {
  const [head = '', ...modifiers] = pathOf(call.expression);
  const base = head.replace(/^[xf](?=it$|test$|describe$)/, '');
  if (!TESTS.has(base) && !SUITES.has(base)) return undefined;
  if (!modifiers.every((m) => RUNNABLE.has(m) || SKIPPING.has(m))) return undefined;
  const args = call.arguments;
  const kind = SUITES.has(base) || modifiers.includes('describe') ? 'suite' : 'test';
  const skipped = head.startsWith('x') || modifiers.some((m) => SKIPPING.has(m));
  const title = titleOf(args[0]);
  if (!args.some((a) => typescript.isArrowFunction(unwrap(a)) || typescript.isFunctionExpression(unwrap(a)))) {
    // No body: `it('later')` is a todo; `it.each(rows)` is the table half of a parametrised test.
    if (kind === 'suite' || args.length === 0 || modifiers.includes('each')) return undefined;
    return { kind, skipped: true, title };
  }
  return { kind, skipped, title };
}

function titleOf(arg: ts.Node | undefined): string {
  if (!arg) return '';
  const node = unwrap(arg);
  if (typescript.isStringLiteral(node) || typescript.isNoSubstitutionTemplateLiteral(node)) return node.text;
  return typescript.isTemplateExpression(node) ? node.getText().slice(1, -1) : node.getText();
}

/**
 * Test cases with their suite titles. A `describe` counts through the tests inside it; tests that
 * are skipped, todo, conditional (`skipIf`/`runIf`) or inside a skipped suite are reported as skipped.
 */
export function jsTests(sourceFile: ts.SourceFile): TestFact[] {
  const facts: TestFact[] = [];
  walk(sourceFile, (node) => {
    const test = typescript.isCallExpression(node) ? classify(node) : undefined;
    if (test?.kind !== 'test') return;
    const titles = [test.title];
    let skipped = test.skipped;
    for (let ancestor = node.parent; ancestor; ancestor = ancestor.parent) {
      const suite = typescript.isCallExpression(ancestor) ? classify(ancestor) : undefined;
      if (suite?.kind === 'suite') {
        titles.unshift(suite.title);
        skipped ||= suite.skipped;
      }
    }
    facts.push({ name: titles.filter(Boolean).join(' > '), skipped, span: spanOf(node) });
  });
  return facts;
}
