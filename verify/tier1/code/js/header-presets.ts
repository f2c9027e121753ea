import type { ts } from 'ts-morph';
import { typescript } from '../../parsers/ts-morph.js';
import type { StaticValue } from '../facts.js';
import { field, isFalse, isTrue, propertyName, staticString, staticText, unwrap } from './syntax.js';

/** One header a security-header middleware sets, and how its option maps to the value. */
export interface PresetHeader {
  header: string;
  /** Option names (current first, then legacy aliases). */
  options: string[];
  /** Value when the option is absent or `true`; undefined when the header is off by default. */
  fallback: string | undefined;
  /** Value from an options object literal (helmet style). */
  fromObject?: (options: ts.Node) => StaticValue;
}

const known = (text: string | undefined): StaticValue => (text === undefined ? { known: false } : { known: true, text });

/** `{ policy: 'x' }` or `{ policy: ['a', 'b'] }` → `x` / `a,b`. */
const policy = (obj: ts.Node): StaticValue => {
  const value = field(obj, 'policy');
  const node = value && unwrap(value);
  if (node && typescript.isArrayLiteralExpression(node)) {
    const parts = node.elements.map(staticString);
    return parts.every((p) => p !== undefined) ? known(parts.join(',')) : { known: false };
  }
  return known(staticString(node));
};

/** `{ flag: true }` → true; absent → `fallback`; anything not a literal boolean → undefined. */
const flag = (obj: ts.Node, name: string, fallback: boolean): boolean | undefined => {
  const value = field(obj, name);
  if (!value) return fallback;
  return isTrue(value) ? true : isFalse(value) ? false : undefined;
};

const HELMET_CSP: Record<string, string> = {
  'default-src': "'self'",
  'base-uri': "'self'",
  'font-src': "'self' https: data:",
  'form-action': "'self'",
  'frame-ancestors': "'self'",
  'img-src': "'self' data:",
  'object-src': "'none'",
  'script-src': "'self'",
  'script-src-attr': "'none'",
  'style-src': "'self' https: 'unsafe-inline'",
  'upgrade-insecure-requests': '',
};

const serialise = (directives: Record<string, string>, separator: string): string =>
  Object.entries(directives)
    .map(([k, v]) => (v ? `${k} ${v}` : k))
    .join(separator);

/** A directives object of static strings or string arrays, merged over `base`; null removes a directive. */
export function cspValue(directives: ts.Node | undefined, base: Record<string, string>, separator: string): StaticValue {
  const merged = { ...base };
  const obj = directives && unwrap(directives);
  if (obj && !typescript.isObjectLiteralExpression(obj)) return { known: false };
  for (const prop of obj?.properties ?? []) {
    const name = propertyName(prop);
    if (!name || !typescript.isPropertyAssignment(prop)) return { known: false };
    const key = name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    const value = unwrap(prop.initializer);
    if (value.kind === typescript.SyntaxKind.NullKeyword) {
      delete merged[key];
      continue;
    }
    const parts = typescript.isArrayLiteralExpression(value) ? value.elements.map(staticString) : [staticString(value)];
    if (parts.some((p) => p === undefined)) return { known: false };
    merged[key] = parts.join(' ');
  }
  return known(serialise(merged, separator));
}

/** helmet 8: option names, defaults and option objects as its documentation gives them. */
export const HELMET: PresetHeader[] = [
  {
    header: 'Content-Security-Policy',
    options: ['contentSecurityPolicy'],
    fallback: serialise(HELMET_CSP, ';'),
    fromObject: (obj) => {
      const useDefaults = flag(obj, 'useDefaults', true);
      return useDefaults === undefined ? { known: false } : cspValue(field(obj, 'directives'), useDefaults ? HELMET_CSP : {}, ';');
    },
  },
  { header: 'Cross-Origin-Embedder-Policy', options: ['crossOriginEmbedderPolicy'], fallback: undefined, fromObject: policy },
  { header: 'Cross-Origin-Opener-Policy', options: ['crossOriginOpenerPolicy'], fallback: 'same-origin', fromObject: policy },
  { header: 'Cross-Origin-Resource-Policy', options: ['crossOriginResourcePolicy'], fallback: 'same-origin', fromObject: policy },
  { header: 'Origin-Agent-Cluster', options: ['originAgentCluster'], fallback: '?1' },
  { header: 'Referrer-Policy', options: ['referrerPolicy'], fallback: 'no-referrer', fromObject: policy },
  {
    header: 'Strict-Transport-Security',
    options: ['strictTransportSecurity', 'hsts'],
    fallback: 'max-age=31536000; includeSubDomains',
    fromObject: (obj) => {
      const maxAge = field(obj, 'maxAge');
      const age = maxAge ? staticText(maxAge) : '31536000';
      const sub = flag(obj, 'includeSubDomains', true);
      const preload = flag(obj, 'preload', false);
      if (age === undefined || sub === undefined || preload === undefined) return { known: false };
      return known([`max-age=${age}`, sub && 'includeSubDomains', preload && 'preload'].filter(Boolean).join('; '));
    },
  },
  { header: 'X-Content-Type-Options', options: ['xContentTypeOptions', 'noSniff'], fallback: 'nosniff' },
  {
    header: 'X-DNS-Prefetch-Control',
    options: ['xDnsPrefetchControl', 'dnsPrefetchControl'],
    fallback: 'off',
    fromObject: (obj) => {
      const allow = flag(obj, 'allow', false);
      return allow === undefined ? { known: false } : known(allow ? 'on' : 'off');
    },
  },
  { header: 'X-Download-Options', options: ['xDownloadOptions', 'ieNoOpen'], fallback: 'noopen' },
  {
    header: 'X-Frame-Options',
    options: ['xFrameOptions', 'frameguard'],
    fallback: 'SAMEORIGIN',
    fromObject: (obj) => {
      const action = field(obj, 'action');
      return action ? known(staticString(action)?.toUpperCase()) : known('SAMEORIGIN');
    },
  },
  {
    header: 'X-Permitted-Cross-Domain-Policies',
    options: ['xPermittedCrossDomainPolicies', 'permittedCrossDomainPolicies'],
    fallback: 'none',
    fromObject: (obj) => {
      const value = field(obj, 'permittedPolicies');
      return value ? known(staticString(value)) : known('none');
    },
  },
  { header: 'X-XSS-Protection', options: ['xXssProtection', 'xssFilter'], fallback: '0' },
];

/** Hono's `secureHeaders()`: the same headers under their current option names, its own HSTS default, and a CSP only when asked. */
export const HONO_SECURE_HEADERS: PresetHeader[] = [
  { header: 'Content-Security-Policy', options: ['contentSecurityPolicy'], fallback: undefined, fromObject: (obj) => cspValue(obj, {}, '; ') },
  ...HELMET.filter((h) => h.header !== 'Content-Security-Policy').map((h) => ({
    header: h.header,
    options: h.options.slice(0, 1),
    fallback: h.header === 'Strict-Transport-Security' ? 'max-age=15552000; includeSubDomains' : h.fallback,
  })),
];
