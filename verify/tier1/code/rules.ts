/**
 * Language-neutral vocabulary the code checks share. Each list is a documented rule, not a
 * guess at runtime behaviour: a call counts by its callee's dotted path.
 */

const VALIDATOR_NAMES = new Set([
  'validate', 'validateSync', 'validateAsync', 'validateOrReject', 'isValid', 'isValidSync',
  'assert', 'invariant', 'requireNonNull', 'requireNonNullElse', 'checkArgument', 'checkNotNull',
  'checkState', 'notNull', 'notEmpty', 'hasText', 'hasLength', 'isTrue',
  'model_validate', 'model_validate_json', 'parse_obj', 'parse_raw',
]);
const VALIDATOR_PREFIX = /^(?:[vV]alidate|[aA]ssert|[eE]nsure|[vV]erify)(?:[A-Z_0-9].*)?$/;
/** Schema-library parse methods (zod, valibot, yup, superstruct, effect): `schema.parse(x)`. */
const SCHEMA_PARSE = new Set(['parse', 'parseAsync', 'safeParse', 'safeParseAsync', 'spa']);
/** Receivers whose `parse` decodes text rather than checking it against a schema. */
const DECODERS = new Set([
  'JSON', 'Date', 'Number', 'Math', 'BigInt', 'path', 'url', 'URL', 'qs', 'querystring', 'YAML', 'yaml',
  'toml', 'TOML', 'ini', 'cookie', 'Cookie', 'csv', 'xml', 'html', 'DOMParser', 'parser', 'time', 'json',
]);

/**
 * A validator call: `schema.parse(x)` / `safeParse` on any receiver but a text decoder
 * (`JSON.parse` is not validation); `validate*`, `assert*`, `ensure*`, `verify*` and the
 * precondition helpers above by name; anything called on a receiver named like `validator`.
 */
export function isValidatorCall(path: readonly string[]): boolean {
  const name = path.at(-1);
  if (name === undefined) return false;
  const receiver = path.slice(0, -1);
  if (receiver.some((part) => /validat/i.test(part)) || receiver[0] === 'assert') return true;
  if (SCHEMA_PARSE.has(name)) return receiver.length > 0 && !DECODERS.has(receiver[0]!);
  return VALIDATOR_NAMES.has(name) || VALIDATOR_PREFIX.test(name);
}

/** Schema calls that return a verdict instead of throwing: they validate only if the verdict is used. */
const VERDICT_ONLY = new Set(['safeParse', 'safeParseAsync', 'spa']);

export function returnsVerdictOnly(path: readonly string[]): boolean {
  return VERDICT_ONLY.has(path.at(-1) ?? '');
}

/** A method that validates its own receiver and throws when invalid: `dto.validate()`, `assertValid()`, Django `full_clean()`. */
export function isSelfValidation(path: readonly string[]): boolean {
  const name = path.at(-1) ?? '';
  return path.length > 1 && (VALIDATOR_PREFIX.test(name) || name === 'full_clean');
}

/** Calls that end the request or the process the way a `throw` would. */
const EXIT_CALLS = new Set(['exit', 'Exit', 'abort', 'panic', 'Fatal', 'Fatalf', 'Fatalln', 'notFound', 'redirect']);

export function isExitCall(path: readonly string[]): boolean {
  const name = path.at(-1);
  return name !== undefined && EXIT_CALLS.has(name);
}

/**
 * Receivers of a generic `set`/`add`/`append` that make it a response-header write:
 * `res.set`, `ctx.set`, `response.headers.set`, `w.Header().Set`, `headers.add`. Writes through
 * the request (`req.headers[…] =`, `c.req.header`, Go's `r.Header.Set`) set nothing on the response.
 */
export function isHeaderReceiver(receiver: readonly string[]): boolean {
  if (isRequestReceiver(receiver)) return false;
  return receiver.some((part) => /^(?:res|resp|response|reply|ctx|context|c|h)$/i.test(part) || /header/i.test(part));
}

/** A receiver rooted in the incoming request (`req.headers`, `c.req`, Go's `r`, `request.headers`). */
export function isRequestReceiver(receiver: readonly string[]): boolean {
  return receiver[0] === 'r' || receiver.some((part) => /^(?:req|request|incoming|inbound)$/i.test(part));
}

/** Same-name comparison for HTTP header names. */
export function sameHeader(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}
