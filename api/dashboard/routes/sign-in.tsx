import { randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import type { Services } from '../../../services/index.js';
import { sameSecret } from '../../../services/sessions.js';
import { CsrfField } from '../components/csrf-field.js';
import { Layout } from '../components/layout.js';
import type { DashboardEnv, DashboardOptions } from '../env.js';
import { CSRF_FIELD } from '../middleware/csrf.js';
import { isSecureRequest, setSessionCookie } from '../middleware/session.js';
import { renderPage } from '../render.js';

/** Double-submit token of the sign-in form: there is no session yet to hold one. */
const SIGN_IN_COOKIE = 'assay_sign_in';

/** Where to go after signing in: a path on this site only (never `//host`, never a URL). */
export const NextPathSchema = z
  .string()
  .max(500)
  .regex(/^\/(?![/\\])[^\s]*$/)
  .catch('/');

const SignInFormSchema = z.object({
  apiKey: z.string().trim().min(1, 'enter an API key').max(500),
  [CSRF_FIELD]: z.string().min(1).max(200),
  next: NextPathSchema.optional(),
});

function SignInPage({ token, next, error }: { token: string; next: string; error?: string }) {
  return (
    <Layout title="Sign in">
      <p>Sign in with an API key of your workspace. A <code>viewer</code> key reads everything and changes nothing.</p>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      <form method="post" action="/sign-in" class="sign-in">
        <CsrfField token={token} />
        <input type="hidden" name="next" value={next} />
        <label for="api-key">API key</label>
        <input id="api-key" name="apiKey" type="password" autocomplete="current-password" required spellcheck={false} />
        <button type="submit">Sign in</button>
      </form>
      <p class="muted">
        Create a read-only key with <code>assay-admin keys create --name auditor --scope viewer</code>. The key is exchanged for a session cookie; it is not stored in the browser.
      </p>
    </Layout>
  );
}

/** The sign-in form and its post, before any session exists. */
export function signInRoutes(services: Services, options: DashboardOptions) {
  const form = async (c: Context, status: 200 | 400 | 401 | 403, next: string, error?: string) => {
    const token = randomBytes(24).toString('base64url');
    setCookie(c, SIGN_IN_COOKIE, token, { httpOnly: true, sameSite: 'Strict', secure: isSecureRequest(c, options.trustProxy), path: '/sign-in', maxAge: 3600 });
    return renderPage(c, <SignInPage token={token} next={next} error={error} />, status);
  };
  return new Hono<DashboardEnv>()
    .get('/sign-in', (c) => form(c, 200, NextPathSchema.parse(c.req.query('next') ?? '/')))
    .post('/sign-in', async (c) => {
      const parsed = SignInFormSchema.safeParse(await c.req.parseBody());
      const next = parsed.success ? (parsed.data.next ?? '/') : '/';
      const cookie = getCookie(c, SIGN_IN_COOKIE);
      if (!parsed.success) return form(c, 400, next, parsed.error.issues.map((i) => i.message).join('; '));
      if (!cookie || !sameSecret(cookie, parsed.data[CSRF_FIELD])) return form(c, 403, next, 'The form expired or did not come from this site; sign in again.');
      const signedIn = await services.sessions.signIn(parsed.data.apiKey);
      if (!signedIn) return form(c, 401, next, 'Unknown, revoked or expired API key.');
      setSessionCookie(c, signedIn.sessionId, signedIn.session.expiresAt, isSecureRequest(c, options.trustProxy));
      return c.redirect(next, 303);
    });
}
