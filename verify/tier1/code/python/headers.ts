import type { Node } from 'web-tree-sitter';
import type { HeaderFact, StaticValue } from '../facts.js';
import { isHeaderReceiver } from '../rules.js';
import { namedChildren, spanOf } from '../tree/nodes.js';
import { argumentsOf, pathOf, staticText, stringValue } from './syntax.js';

const PAIR_SETTERS = new Set(['set_header', 'add_header']);
const GENERIC_SETTERS = new Set(['set', 'add', 'setdefault', '__setitem__']);
/** HTTP clients whose `headers=` describe a request. */
const CLIENTS = /^(?:requests|httpx|aiohttp|urllib|urllib3|session|client)$/;
const CLIENT_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'urlopen', 'Request', 'stream']);

/** Django settings that make its middleware send a header (values as written). */
const DJANGO: Record<string, { header: string; value: (text: string) => string | undefined }> = {
  X_FRAME_OPTIONS: { header: 'X-Frame-Options', value: (v) => v },
  SECURE_CONTENT_TYPE_NOSNIFF: { header: 'X-Content-Type-Options', value: (v) => (v === 'True' ? 'nosniff' : undefined) },
  SECURE_HSTS_SECONDS: { header: 'Strict-Transport-Security', value: (v) => (Number(v) > 0 ? `max-age=${v}` : undefined) },
  SECURE_REFERRER_POLICY: { header: 'Referrer-Policy', value: (v) => v },
  SECURE_CROSS_ORIGIN_OPENER_POLICY: { header: 'Cross-Origin-Opener-Policy', value: (v) => v },
};

const valueOf = (node: Node | null | undefined): StaticValue => {
  const text = staticText(node);
  return text === undefined ? { known: false } : { known: true, text };
};

/**
 * `response.headers['X'] = v`, Django `response['X'] = v`, `headers.set/add/setdefault('X', v)`,
 * Tornado `set_header`, `headers.update({…})`, a `headers={…}` argument that is not an HTTP
 * client's, a `…HEADERS = {…}` dict, and module-level Django security settings.
 */
export function pyHeaders(root: Node): HeaderFact[] {
  const facts: HeaderFact[] = [];
  const add = (key: Node | null | undefined, value: StaticValue, what: string, at: Node): void => {
    const header = key ? stringValue(key) : undefined;
    if (header) facts.push({ header, value, what, span: spanOf(at) });
  };
  const fromDict = (dict: Node | null | undefined, what: string): void => {
    if (dict?.type !== 'dictionary') return;
    for (const pair of namedChildren(dict).filter((p) => p.type === 'pair')) {
      add(pair.childForFieldName('key'), valueOf(pair.childForFieldName('value')), what, pair);
    }
  };
  for (const node of root.descendantsOfType(['assignment', 'call'])) {
    if (node.type === 'assignment') {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (left?.type === 'subscript') {
        const target = pathOf(left.childForFieldName('value'));
        const isResponse = /^(?:response|resp|res|r)$/.test(target.join('.'));
        if (isResponse || (target.at(-1) === 'headers' && isHeaderReceiver(target))) {
          add(left.childForFieldName('subscript'), valueOf(right), `${left.childForFieldName('value')?.text}[…] =`, node);
        }
      } else if (left?.type === 'identifier') {
        if (/headers/i.test(left.text) && !/request/i.test(left.text)) fromDict(right, `${left.text} = {…}`);
        const setting = DJANGO[left.text];
        const text = staticText(right);
        const value = setting && text !== undefined ? setting.value(text) : undefined;
        if (setting && value !== undefined && node.parent?.parent?.type === 'module') {
          facts.push({ header: setting.header, value: { known: true, text: value }, what: `Django setting ${left.text}`, span: spanOf(node) });
        }
      }
    } else if (node.type === 'call') {
      const path = pathOf(node);
      const name = path.at(-1) ?? '';
      const { positional, keywords } = argumentsOf(node);
      const what = `${path.join('.')}(…)`;
      if (PAIR_SETTERS.has(name) || (GENERIC_SETTERS.has(name) && isHeaderReceiver(path.slice(0, -1)))) {
        add(positional[0], valueOf(positional[1]), what, node);
      } else if (name === 'update' && isHeaderReceiver(path.slice(0, -1))) {
        fromDict(positional[0], what);
      }
      if (!CLIENTS.test(path[0] ?? '') && !CLIENT_METHODS.has(name)) fromDict(keywords.get('headers'), `${what} headers=`);
    }
  }
  return facts;
}
