// The import rules that keep dependencies pointing one way (SPEC §1, STYLE): the verifier runs
// without the platform, workflows load no activity code into their sandbox, and domain/ does no I/O.
// `scripts/import-layers.test.ts` applies them to every .ts file of the repository.
import { builtinModules } from 'node:module';
import { posix } from 'node:path';
import { ts } from 'ts-morph';
import { appendTo } from '../domain/append-to.js';

/** One import of one file: `from` is repo-relative; `target` is a repo-relative path when `local`, else a package. */
export interface ImportEdge {
  from: string;
  target: string;
  local: boolean;
  /** `import type` / `export type … from`: erased at build, so it loads no code. */
  typeOnly: boolean;
}

export interface LayerViolation {
  edge: ImportEdge;
  rule: string;
}

const NODE_BUILTINS = new Set(builtinModules);

/** The provider SDKs llm/ wraps, and zod; llm/ is shared by verify/ and activities/, so it stays this small. */
const LLM_PACKAGES = new Set(['zod', 'openai', '@anthropic-ai/sdk']);

function isRelative(specifier: string): boolean {
  return specifier.startsWith('./') || specifier.startsWith('../');
}

function isNodeBuiltin(target: string): boolean {
  return target.startsWith('node:') || NODE_BUILTINS.has(target.split('/')[0] ?? '');
}

/** The package a bare specifier names (`@scope/name/sub` → `@scope/name`). */
function packageOf(target: string): string {
  const parts = target.split('/');
  return (target.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]) ?? target;
}

/** The top folder of a repo path; '' for a root file such as temporal.config.ts. */
function repoTop(path: string): string {
  return path.includes('/') ? (path.split('/')[0] ?? '') : '';
}

/** Test support (servers speaking a vendor's wire format, fixtures) may use Node; only test code imports it. */
function isTestCode(path: string): boolean {
  return path.endsWith('.test.ts') || path.includes('/testing/') || path.includes('/test-support/');
}

function checkEdge(edge: ImportEdge): string | undefined {
  const layer = repoTop(edge.from);
  const targetTop = edge.local ? repoTop(edge.target) : undefined;
  if (layer === 'verify') {
    if (targetTop !== undefined && !['verify', 'domain', 'llm'].includes(targetTop)) {
      // The verifier's own tests may drive the platform's test helpers (shared fixtures), never its code.
      if (isTestCode(edge.from) && edge.target.startsWith('test/support/')) return undefined;
      return 'verify/ imports only verify/, domain/ and llm/';
    }
  }
  if (layer === 'llm') {
    if (targetTop !== undefined && !['llm', 'domain'].includes(targetTop)) return 'llm/ imports only llm/ and domain/';
    if (targetTop === undefined && !edge.typeOnly && !isTestCode(edge.from) && !LLM_PACKAGES.has(packageOf(edge.target))) {
      return `llm/ imports only ${[...LLM_PACKAGES].join(', ')} and domain/`;
    }
  }
  if (layer === 'workflows' && !isTestCode(edge.from)) {
    if (targetTop === 'activities' && !edge.typeOnly) {
      return 'workflows/ may only `import type` from activities/ (no activity code in the workflow sandbox)';
    }
    if (targetTop === undefined && !edge.typeOnly && isNodeBuiltin(edge.target)) return 'workflows/ are deterministic: no Node built-ins';
  }
  if (layer === 'domain') {
    if (targetTop !== undefined && targetTop !== 'domain') {
      if (isTestCode(edge.from) && edge.target.startsWith('test/support/')) return undefined;
      return 'domain/ imports only domain/';
    }
    if (targetTop === undefined && !isTestCode(edge.from)) {
      if (isNodeBuiltin(edge.target)) return 'domain/ does no I/O: no Node built-ins';
      const pkg = packageOf(edge.target);
      if (pkg === 'mongodb' || pkg.startsWith('@temporalio/')) return 'domain/ does no I/O: no database or Temporal client';
    }
  }
  return undefined;
}

const SANDBOXED_SCHEMA_RULE = 'no domain/schemas/ module may load into the workflow sandbox, directly or through another module (only `import type`): every workflow start evaluates its modules again, and the schemas build hundreds of zod definitions (~40 ms)';

/** The repo file a local import names (`.js` spellings are the `.ts` sources). */
const sourceOf = (target: string) => target.replace(/\.js$/, '.ts');

/**
 * The edges by which a schema module would load into the workflow sandbox: followed from every
 * workflows/ file through each local import that loads code, however many modules lie between.
 */
function schemasInSandbox(edges: readonly ImportEdge[]): Set<ImportEdge> {
  const loads = new Map<string, ImportEdge[]>();
  for (const edge of edges) if (edge.local && !edge.typeOnly) appendTo(loads, edge.from, edge);
  const pending = [...new Set(edges.map((e) => e.from))].filter((from) => repoTop(from) === 'workflows' && !isTestCode(from));
  const seen = new Set<string>();
  const found = new Set<ImportEdge>();
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    for (const edge of loads.get(file) ?? []) {
      if (edge.target.startsWith('domain/schemas/')) found.add(edge);
      else pending.push(sourceOf(edge.target));
    }
  }
  return found;
}

/** Every edge that breaks a layer rule, with the rule it breaks, in input order. */
export function layerViolations(edges: readonly ImportEdge[]): LayerViolation[] {
  const sandboxed = schemasInSandbox(edges);
  return edges.flatMap((edge) => {
    const rule = checkEdge(edge) ?? (sandboxed.has(edge) ? SANDBOXED_SCHEMA_RULE : undefined);
    return rule === undefined ? [] : [{ edge, rule }];
  });
}

function specifierText(node: ts.Node): string | undefined {
  return ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) ? node.text : undefined;
}

/** The static and dynamic imports (and re-exports) of one file, relative ones resolved against it. */
export function scanImports(from: string, text: string): ImportEdge[] {
  const source = ts.createSourceFile(from, text, ts.ScriptTarget.Latest, false, from.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const edges: ImportEdge[] = [];
  const add = (specifier: string, typeOnly: boolean): void => {
    const local = isRelative(specifier);
    const target = local ? posix.normalize(posix.join(posix.dirname(from), specifier)) : specifier;
    edges.push({ from, target, local, typeOnly });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const spec = specifierText(node.moduleSpecifier);
      if (spec !== undefined) add(spec, node.importClause?.isTypeOnly === true);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier !== undefined) {
      const spec = specifierText(node.moduleSpecifier);
      if (spec !== undefined) add(spec, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const arg = node.arguments[0];
      const spec = arg === undefined ? undefined : specifierText(arg);
      if (spec !== undefined) add(spec, false);
    } else if (ts.isImportTypeNode(node)) {
      // `import('x').T` in a type position loads nothing.
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
}
