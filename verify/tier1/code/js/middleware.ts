import type { ts } from 'ts-morph';
import { typescript } from '../../parsers/ts-morph.js';
import type { MiddlewareFact } from '../facts.js';
import { field, pathOf, spanOf, staticString, unwrap, walk } from './syntax.js';

/** Route methods whose middle arguments are route-level middleware: `app.get('/admin', requireAdmin, handler)`. */
const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'all', 'options', 'head', 'on']);

/** Registration methods besides `use`, `register` and `forRoutes`: Fastify hooks, NestJS globals. */
const REGISTRARS = new Set(['addHook', 'useGlobalGuards', 'useGlobalInterceptors', 'useGlobalPipes', 'useGlobalFilters']);

/**
 * Middleware registrations: `x.use([path,] mw…)`, route-level `x.get(path, mw…, handler)`, `x.register(plugin, { prefix })`,
 * `x.addHook('onRequest', fn)`, NestJS `useGlobal*` and `consumer.apply(Mw).forRoutes(…)`.
 * A registered argument contributes its dotted name, and for a call (`helmet()`, `cors({…})`,
 * `compose(a, b)`) its callee's and its arguments' names; `require('m')`/`import('m')` give `m`.
 */
export function jsMiddleware(sourceFile: ts.SourceFile): MiddlewareFact[] {
  const facts: MiddlewareFact[] = [];
  walk(sourceFile, (node) => {
    if (!typescript.isCallExpression(node) || !typescript.isPropertyAccessExpression(node.expression)) return;
    const path = pathOf(node.expression);
    const name = path.at(-1) ?? '';
    const args = [...node.arguments];
    const what = `${path.join('.')}(…)`;
    if (name === 'use') {
      const paths = args[0] ? pathsOf(args[0]) : undefined;
      facts.push({ what, refs: (paths ? args.slice(1) : args).flatMap(refsOf), paths: paths ?? [], span: spanOf(node) });
    } else if (name === 'register' && args[0]) {
      const prefix = staticString(field(args[1], 'prefix'));
      facts.push({ what, refs: refsOf(args[0]), paths: prefix ? [prefix] : [], span: spanOf(node) });
    } else if (REGISTRARS.has(name)) {
      const registered = staticString(args[0]) !== undefined ? args.slice(1) : args;
      facts.push({ what, refs: registered.flatMap(refsOf), paths: [], span: spanOf(node) });
    } else if (ROUTE_METHODS.has(name) && args.length >= 3) {
      // Only a route path (`/…` or `*`) makes it a route: `config.get('a', 'b', c)` is not one.
      const paths = pathsOf(args[0]!)?.filter((p) => p.startsWith('/') || p === '*');
      if (paths?.length) facts.push({ what, refs: args.slice(1, -1).flatMap(refsOf), paths, span: spanOf(node) });
    } else if (name === 'forRoutes') {
      const apply = applyCall(node);
      const paths = args.map(staticString).filter((p): p is string => p !== undefined);
      if (apply) facts.push({ what: 'apply(…).forRoutes(…)', refs: apply.arguments.flatMap(refsOf), paths, span: spanOf(node) });
    }
  });
  return facts;
}

/** A path argument: a string or an array of strings. */
function pathsOf(arg: ts.Node): string[] | undefined {
  const node = unwrap(arg);
  const single = staticString(node);
  if (single !== undefined) return [single];
  if (!typescript.isArrayLiteralExpression(node)) return undefined;
  const all = node.elements.map(staticString);
  return all.every((p) => p !== undefined) ? (all as string[]) : undefined;
}

function refsOf(arg: ts.Node): string[][] {
  const node = unwrap(arg);
  if (typescript.isCallExpression(node) || typescript.isNewExpression(node)) {
    const args = [...(node.arguments ?? [])];
    const loads = node.expression.kind === typescript.SyntaxKind.ImportKeyword || pathOf(node.expression).join('.') === 'require';
    if (loads) {
      const module = staticString(args[0]);
      return module ? [[module]] : [];
    }
    return [pathOf(node.expression), ...args.flatMap(refsOf)];
  }
  if (typescript.isArrayLiteralExpression(node)) return node.elements.flatMap(refsOf);
  return typescript.isIdentifier(node) || typescript.isPropertyAccessExpression(node) ? [pathOf(node)] : [];
}

/** `consumer.apply(A, B).exclude(…).forRoutes(…)` → the `apply` call. */
function applyCall(forRoutes: ts.CallExpression): ts.CallExpression | undefined {
  for (let receiver: ts.Node = forRoutes; typescript.isCallExpression(receiver) && typescript.isPropertyAccessExpression(receiver.expression); ) {
    const inner = unwrap(receiver.expression.expression);
    if (typescript.isCallExpression(inner) && pathOf(inner.expression).at(-1) === 'apply') return inner;
    receiver = inner;
  }
  return undefined;
}
