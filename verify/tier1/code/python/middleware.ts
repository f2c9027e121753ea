import type { Node } from 'web-tree-sitter';
import type { MiddlewareFact } from '../facts.js';
import { namedChildren, spanOf } from '../tree/nodes.js';
import { argumentsOf, pathOf, stringValue } from './syntax.js';

const DJANGO_LISTS = new Set(['MIDDLEWARE', 'MIDDLEWARE_CLASSES']);
/** Flask hooks and FastAPI's decorator form register the function they decorate or receive. */
const HOOKS = new Set(['middleware', 'before_request', 'after_request', 'before_app_request', 'after_app_request']);

/**
 * FastAPI/Starlette `app.add_middleware(Mw, …)` and `Middleware(Mw, …)` entries, `@app.middleware('http')`,
 * Flask `before_request`/`after_request` (call or decorator), WSGI wrapping `app.wsgi_app = Mw(app.wsgi_app)`,
 * and Django `MIDDLEWARE = [...]` entries (also `+=`, `.append`, `.insert`), matched by dotted suffix.
 */
export function pyMiddleware(root: Node): MiddlewareFact[] {
  const facts: MiddlewareFact[] = [];
  const add = (what: string, refs: string[][], at: Node): void => {
    facts.push({ what, refs, paths: [], span: spanOf(at) });
  };
  const entries = (list: Node | null | undefined, what: string): void => {
    if (list?.type !== 'list' && list?.type !== 'tuple') return;
    for (const entry of namedChildren(list)) {
      const dotted = stringValue(entry);
      if (dotted) add(what, [dotted.split('.')], entry);
    }
  };
  for (const node of root.descendantsOfType(['call', 'decorated_definition', 'assignment', 'augmented_assignment'])) {
    if (node.type === 'call') {
      const path = pathOf(node);
      const name = path.at(-1) ?? '';
      const { positional } = argumentsOf(node);
      const what = `${path.join('.')}(…)`;
      if (name === 'add_middleware' || name === 'Middleware' || (HOOKS.has(name) && path.length > 1 && positional[0]?.type !== 'string')) {
        if (positional[0]) add(what, [pathOf(positional[0])], node);
      } else if ((name === 'append' || name === 'insert') && DJANGO_LISTS.has(path.slice(0, -1).join('.'))) {
        const dotted = positional.at(-1) && stringValue(positional.at(-1)!);
        if (dotted) add(what, [dotted.split('.')], node);
      }
    } else if (node.type === 'decorated_definition') {
      const definition = node.childForFieldName('definition');
      const fnName = definition?.childForFieldName('name')?.text;
      for (const decorator of namedChildren(node).filter((c) => c.type === 'decorator')) {
        const expr = namedChildren(decorator)[0];
        const path = expr ? pathOf(expr) : [];
        if (fnName && path.length > 1 && HOOKS.has(path.at(-1)!)) add(`@${path.join('.')}`, [[fnName]], decorator);
      }
    } else if (node.type === 'assignment' || node.type === 'augmented_assignment') {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (left && DJANGO_LISTS.has(left.text)) entries(right, left.text);
      else if (left && pathOf(left).at(-1) === 'wsgi_app' && right?.type === 'call') add('WSGI wrapping', [pathOf(right)], node);
    }
  }
  return facts;
}
