import type { SafeFile, SourceLanguage, SyntaxErrorRegion } from '../check.js';

/** 1-based, inclusive line span of a construct. */
export interface Span {
  startLine: number;
  endLine: number;
}

export interface DecoratorFact {
  /** Dotted name without `@` and arguments: `app.route`, `Injectable`, `org.junit.Test`. */
  name: string;
  span: Span;
}

/** What a check learned about one parameter of a function (see validation-flow.ts for the rule). */
export type ValidationFact =
  | { kind: 'validated'; construct: string; span: Span }
  | { kind: 'used-first'; use: string; span: Span }
  | { kind: 'unused' };

export interface FunctionFact {
  name: string;
  /** Enclosing class, struct (Go receiver) or object-literal names, outermost first. */
  containers: string[];
  /** Human words: `function`, `method`, `arrow function`, `async def`, … */
  what: string;
  span: Span;
  decorators: DecoratorFact[];
  params: string[];
  /** Calls anywhere in the body, nested functions and callbacks included. */
  calls(): CallFact[];
  /** Error handling in the function's own body; nested functions are not searched. */
  errorHandling(): HandlerFact[];
  validationOf(param: string): ValidationFact;
}

export interface ClassFact {
  name: string;
  containers: string[];
  /** `class`, `class expression`, `struct`, `record`, `enum`. */
  what: string;
  span: Span;
  decorators: DecoratorFact[];
}

export interface CallFact {
  /** Callee as dotted segments with calls stripped: `a.b().c()` → `['a','b','c']`. */
  path: string[];
  isNew: boolean;
  span: Span;
}

export interface HandlerFact {
  what: string;
  span: Span;
}

export interface ImportFact {
  /** Every module name the statement makes available (Python `from a import b` → `a`, `a.b`). */
  modules: string[];
  /** How sub-modules nest: `/` for JS and Go paths, `.` for Python and Java. */
  separator: '/' | '.';
  what: string;
  span: Span;
}

export interface EnvReadFact {
  variable: string;
  what: string;
  span: Span;
}

export type StaticValue = { known: true; text: string } | { known: false };

export interface HeaderFact {
  header: string;
  value: StaticValue;
  what: string;
  span: Span;
}

export interface MiddlewareFact {
  what: string;
  /** Dotted references found in the registered arguments. */
  refs: string[][];
  /** Paths the registration is limited to; empty means every path. */
  paths: string[];
  span: Span;
}

export interface TestFact {
  /** Full name: enclosing suites and the test's own title or function name. */
  name: string;
  skipped: boolean;
  span: Span;
}

/** One parsed source file seen through the facts the Tier 1 code assertions ask about. */
export interface CodeFile {
  language: SourceLanguage;
  file: SafeFile;
  syntaxErrors: SyntaxErrorRegion[];
  functions(): FunctionFact[];
  classes(): ClassFact[];
  imports(): ImportFact[];
  envReads(): EnvReadFact[];
  headers(): HeaderFact[];
  middleware(): MiddlewareFact[];
  tests(): TestFact[];
}
