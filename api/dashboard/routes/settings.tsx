import { Hono } from 'hono';
import { MitigationPolicyLevelSchema } from '../../../domain/schemas/workspace.js';
import { ForbiddenError, SetPolicyRequestSchema, type Services } from '../../../services/index.js';
import { CsrfField } from '../components/csrf-field.js';
import { Layout } from '../components/layout.js';
import type { DashboardEnv } from '../env.js';
import { dashboardPermissions } from '../permissions.js';
import { renderPage } from '../render.js';

const DESCRIPTION = {
  tier1: 'Tier 1 (mechanical checks) is enough for a control to count towards mitigated.',
  verified: 'Tier 1 + Tier 2 (semantic review) + a sufficient assertion set are needed (the default).',
} as const;

/** The workspace's mitigation policy: read by every key, set by an admin only. */
export function settingsRoutes(services: Services) {
  return new Hono<DashboardEnv>()
    .get('/settings', async (c) => {
      const { session } = c.var;
      const workspace = await services.workspace.get(session.principal.workspaceId);
      const current = workspace.policy.requiredLevel;
      return renderPage(
        c,
        <Layout title="Mitigation policy" session={session}>
          <p>
            Current policy: <strong>{current}</strong>. {DESCRIPTION[current]}
          </p>
          {dashboardPermissions(session.principal.scopes).setPolicy ? (
            <form method="post" action="/settings/policy">
              <CsrfField token={session.csrfToken} />
              <fieldset>
                <legend>Required verification level</legend>
                {MitigationPolicyLevelSchema.options.map((level) => (
                  <div>
                    <input type="radio" id={`level-${level}`} name="requiredLevel" value={level} checked={level === current} />
                    <label for={`level-${level}`}>
                      <code>{level}</code>: {DESCRIPTION[level]}
                    </label>
                  </div>
                ))}
              </fieldset>
              <button type="submit">Set policy</button>
            </form>
          ) : (
            <p class="muted">Only an admin key may change the policy.</p>
          )}
        </Layout>,
      );
    })
    .post('/settings/policy', async (c) => {
      const { principal } = c.var.session;
      if (!dashboardPermissions(principal.scopes).setPolicy) throw new ForbiddenError('only an admin key may set the mitigation policy');
      const form = await c.req.parseBody();
      await services.workspace.setPolicy(principal.workspaceId, SetPolicyRequestSchema.parse({ requiredLevel: form.requiredLevel }));
      return c.redirect('/settings', 303);
    });
}
