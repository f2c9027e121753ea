import type { ts } from 'ts-morph';
import { typescript } from '../../parsers/ts-morph.js';
import type { HeaderFact, StaticValue } from '../facts.js';
import { isHeaderReceiver, isRequestReceiver } from '../rules.js';
import { HELMET, HONO_SECURE_HEADERS, type PresetHeader } from './header-presets.js';
import { field, isWrapper, pathOf, propertyName, spanOf, staticString, staticText, unwrap, walk } from './syntax.js';

const PAIR_SETTERS = new Set(['setHeader', 'header', 'appendHeader', 'addHeader']);
const GENERIC_SETTERS = new Set(['set', 'append']);
/** Calls whose `headers` option is a request's, not a response's. */
const REQUEST_CALLS = new Set(['fetch', 'request', 'axios', 'got', 'ky', 'get', 'post', 'put', 'patch', 'delete', 'head']);

const valueOf = (node: ts.Node | undefined): StaticValue => {
  const text = staticText(node);
  return text === undefined ? { known: false } : { known: true, text };
};

/**
 * Response headers set in code: `res.setHeader(n, v)`, `res.set`/`res.header`/`c.header`,
 * `headers.set/append`, object maps (`res.set({…})`, `writeHead(s, {…})`, `new Headers({…})`,
 * a `headers: {…}` option that is not a request's, a `…headers = {…}` variable, Next.js
 * `headers: [{ key, value }]`),
 * `headers['X'] = v`, and helmet / Hono `secureHeaders` configuration with their defaults.
 */
export function jsHeaders(sourceFile: ts.SourceFile): HeaderFact[] {
  const facts: HeaderFact[] = [];
  const add = (header: string | undefined, value: StaticValue, what: string, at: ts.Node): void => {
    if (header) facts.push({ header, value, what, span: spanOf(at) });
  };
  const fromMap = (map: ts.Node, what: string): void => {
    const obj = unwrap(map);
    if (!typescript.isObjectLiteralExpression(obj)) return;
    for (const prop of obj.properties) add(propertyName(prop), typescript.isPropertyAssignment(prop) ? valueOf(prop.initializer) : { known: false }, what, prop);
  };
  walk(sourceFile, (node) => {
    if (typescript.isCallExpression(node)) {
      const path = pathOf(node.expression);
      const name = path.at(-1) ?? '';
      const [first, second] = node.arguments;
      const what = `${path.join('.')}(…)`;
      const receiver = path.slice(0, -1);
      const setter = (PAIR_SETTERS.has(name) && !isRequestReceiver(receiver)) || (GENERIC_SETTERS.has(name) && isHeaderReceiver(receiver));
      if (setter && typescript.isPropertyAccessExpression(node.expression) && first) {
        const header = staticString(first);
        if (header) add(header, valueOf(second), what, node);
        else fromMap(first, what);
      } else if (name === 'writeHead') {
        for (const arg of node.arguments.slice(1)) fromMap(arg, what);
      }
      facts.push(...presetFacts(node, path));
    } else if (typescript.isNewExpression(node) && pathOf(node.expression).join('.') === 'Headers' && node.arguments?.[0]) {
      fromMap(node.arguments[0], 'new Headers(…)');
    } else if (typescript.isPropertyAssignment(node) && propertyName(node)?.toLowerCase() === 'headers' && !isRequestOption(node)) {
      const value = unwrap(node.initializer);
      if (!typescript.isArrayLiteralExpression(value)) fromMap(value, '`headers` object');
      for (const entry of typescript.isArrayLiteralExpression(value) ? value.elements : []) {
        add(staticString(field(entry, 'key')), valueOf(field(entry, 'value')), '`headers: [{ key, value }]`', entry);
      }
    } else if (typescript.isVariableDeclaration(node) && typescript.isIdentifier(node.name) && /headers/i.test(node.name.text) && !/request/i.test(node.name.text) && node.initializer) {
      fromMap(node.initializer, `${node.name.text} = {…}`);
    } else if (typescript.isBinaryExpression(node) && node.operatorToken.kind === typescript.SyntaxKind.EqualsToken && typescript.isElementAccessExpression(node.left)) {
      const target = node.left.expression;
      if (isHeaderReceiver(pathOf(target))) add(staticString(node.left.argumentExpression), valueOf(node.right), `${target.getText()}[…] =`, node);
    }
  });
  return facts;
}

/** `{ headers: … }` passed to fetch/axios/`new Request` describes a request. */
function isRequestOption(prop: ts.PropertyAssignment): boolean {
  let holder: ts.Node = prop.parent;
  while (isWrapper(holder.parent) && holder.parent.expression === holder) holder = holder.parent;
  const call = holder.parent;
  if (typescript.isNewExpression(call)) return pathOf(call.expression).at(-1) === 'Request';
  if (!typescript.isCallExpression(call)) return false;
  const path = pathOf(call.expression);
  return REQUEST_CALLS.has(path.at(-1) ?? '') || ['axios', 'got', 'ky'].includes(path[0] ?? '');
}

/**
 * helmet(opts), helmet.<option>(opts), fastify.register(helmet, opts) and Hono secureHeaders(opts).
 * Options that are not an object literal cannot be read statically and set nothing here.
 */
function presetFacts(call: ts.CallExpression, path: string[]): HeaderFact[] {
  const name = path.at(-1) ?? '';
  const [first, second] = call.arguments;
  if (name === 'helmet') return fromPreset(HELMET, first, 'helmet', call, 'helmet(…)');
  if (name === 'secureHeaders') return fromPreset(HONO_SECURE_HEADERS, first, 'hono', call, 'secureHeaders(…)');
  if (name === 'register' && first && /helmet/i.test(pathOf(first).at(-1) ?? '')) return fromPreset(HELMET, second, 'helmet', call, 'register(helmet, …)');
  const single = path.length === 2 && path[0] === 'helmet' ? HELMET.find((h) => h.options.includes(name)) : undefined;
  if (!single) return [];
  const value = first && single.fromObject ? single.fromObject(unwrap(first)) : { known: true as const, text: single.fallback ?? '' };
  return [{ header: single.header, value, what: `helmet.${name}(…)`, span: spanOf(call) }];
}

function fromPreset(presets: PresetHeader[], options: ts.Node | undefined, style: 'helmet' | 'hono', call: ts.Node, what: string): HeaderFact[] {
  const obj = options && unwrap(options);
  if (obj && !typescript.isObjectLiteralExpression(obj)) return [];
  const facts: HeaderFact[] = [];
  for (const preset of presets) {
    const key = preset.options.find((o) => field(obj, o));
    const option = key ? unwrap(field(obj, key)!) : undefined;
    const span = spanOf(option ?? call);
    const fallback: StaticValue = preset.fallback === undefined ? { known: false } : { known: true, text: preset.fallback };
    if (!option || option.kind === typescript.SyntaxKind.TrueKeyword) {
      if (preset.fallback !== undefined) facts.push({ header: preset.header, value: fallback, what: `${what} default`, span });
    } else if (typescript.isObjectLiteralExpression(option)) {
      facts.push({ header: preset.header, value: preset.fromObject ? preset.fromObject(option) : fallback, what: `${what} option ${key}`, span });
    } else if (style === 'hono' && staticString(option) !== undefined) {
      facts.push({ header: preset.header, value: { known: true, text: staticString(option)! }, what: `${what} option ${key}`, span });
    }
  }
  return facts;
}
