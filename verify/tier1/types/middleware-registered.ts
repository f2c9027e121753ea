import { ASSERTION_PARAMS } from '../../../domain/assertion-params/index.js';
import type { AssertionTypeDefinition } from '../check.js';
import type { MiddlewareFact } from '../code/facts.js';
import { endsWith, lines } from '../code/names.js';
import { checkCode } from '../code/outcome.js';

const { params } = ASSERTION_PARAMS.middleware_registered;

/** `/api/*`, `/api/**`, `api/` → `/api`; `*`, `/*`, `/` → `` (every path). */
function normalise(path: string): string {
  const bare = path.trim().replace(/\/?\*+$/, '').replace(/^\/+|\/+$/g, '');
  return bare ? `/${bare}` : '';
}

/** A registration limited to `prefix` covers `path` and everything below it. */
function covers(registration: MiddlewareFact, path: string): string | undefined {
  if (registration.paths.length === 0) return 'every path';
  const wanted = normalise(path);
  const hit = registration.paths.find((p) => {
    const prefix = normalise(p);
    return prefix === '' || wanted === prefix || wanted.startsWith(`${prefix}/`);
  });
  return hit === undefined ? undefined : normalise(hit) === '' ? 'every path' : hit;
}

/**
 * SPEC §4 row 8. A registration call references the middleware: Express/Koa/Hono `use`,
 * Fastify `register`/`addHook`, NestJS `apply(…).forRoutes(…)`/`useGlobal*`, FastAPI/Starlette
 * `add_middleware`/`Middleware(…)`, Flask hooks, Django `MIDDLEWARE` entries, Go `r.Use`,
 * Spring `addInterceptor`/`addFilter…`. The middleware matches a registered name by dotted suffix
 * (`helmet` matches `helmet()`, `SecurityMiddleware` matches its Django dotted path). With a
 * path, the registration must cover it: global (`use(mw)`, `'*'`) or a prefix of it.
 */
export const middlewareRegistered: AssertionTypeDefinition<typeof params> = {
  type: 'middleware_registered',
  params,
  check: (p, ctx) =>
    checkCode(ctx, p.file, (code) => {
      const wanted = p.middleware.trim().replace(/\(\)$/, '');
      const parts = wanted.split('.');
      const path = p.path ?? p.route;
      const registrations = code.middleware();
      const matching = registrations.filter((r) => r.refs.some((ref) => endsWith(ref, parts) || ref.join('.') === wanted));
      if (matching.length === 0) {
        return { found: false, details: `none of the ${registrations.length} middleware registration(s) in ${code.file.path} references \`${wanted}\`` };
      }
      if (path === undefined) {
        const first = matching[0]!;
        return { found: true, details: `\`${wanted}\` is registered by \`${first.what}\` at ${lines(first.span)}`, spans: matching.map((r) => r.span) };
      }
      for (const registration of matching) {
        const scope = covers(registration, path);
        if (scope) {
          return {
            found: true,
            details: `\`${wanted}\` is registered by \`${registration.what}\` at ${lines(registration.span)} for ${scope}, which covers ${path}`,
            spans: [registration.span],
          };
        }
      }
      const scopes = [...new Set(matching.flatMap((r) => r.paths))].join(', ');
      return { found: false, details: `\`${wanted}\` is registered at ${lines(matching[0]!.span)} only for ${scopes}, which does not cover ${path}` };
    }),
};
