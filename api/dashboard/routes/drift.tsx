import { Hono } from 'hono';
import { ListDriftQuerySchema, type Services } from '../../../services/index.js';
import type { StoredDriftEvent } from '../../../store/index.js';
import { shortCommit, when } from '../components/badges.js';
import { Layout } from '../components/layout.js';
import type { DashboardEnv } from '../env.js';
import { renderPage } from '../render.js';

/** Newest commit first; events of one commit together, in the order they were recorded. */
function byCommit(events: readonly StoredDriftEvent[]): Array<{ commit: string; at: string; events: StoredDriftEvent[] }> {
  const groups: Array<{ commit: string; at: string; events: StoredDriftEvent[] }> = [];
  for (const event of events) {
    const group = groups.find((g) => g.commit === event.toCommit);
    if (group) group.events.push(event);
    else groups.push({ commit: event.toCommit, at: event.at, events: [event] });
  }
  return groups;
}

/** Events per page; older ones are a link away (`next` of the drift list). */
const PAGE = 200;

/** Drift and recovery, by the commit that caused them, newest first. */
export function driftRoutes(services: Services) {
  return new Hono<DashboardEnv>().get('/:modelId/drift', async (c) => {
    const { session } = c.var;
    const modelId = c.req.param('modelId');
    const ws = session.principal.workspaceId;
    const { after } = ListDriftQuerySchema.pick({ after: true }).parse(c.req.query());
    const [{ model }, page] = await Promise.all([services.models.get(ws, modelId), services.assuranceHistory.drift(ws, modelId, { limit: PAGE, after })]);
    const groups = byCommit(page.events);
    return renderPage(
      c,
      <Layout title="Drift timeline" session={session} model={{ modelId, title: model.title, current: 'drift' }}>
        {groups.length === 0 && !after ? <p>No drift recorded: nothing that passed has failed since.</p> : null}
        <ol class="timeline">
          {groups.map((g) => (
            <li>
              <h2>
                commit <code>{shortCommit(g.commit)}</code> <span class="muted">{when(g.at)}</span>
              </h2>
              <ul>
                {g.events.map((e) => (
                  <li class={`drift-${e.kind}`}>
                    <strong>{e.kind}</strong> of {e.level} {e.subjectId} (since <code>{shortCommit(e.fromCommit)}</code>)
                    {e.controlIds.length ? ` · controls ${e.controlIds.join(', ')}` : ''}
                    {e.objectiveIds.length ? ` · objectives ${e.objectiveIds.join(', ')}` : ''}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
        {page.next ? (
          <p>
            <a href={`/models/${encodeURIComponent(modelId)}/drift?after=${encodeURIComponent(page.next)}`}>Older events</a>
          </p>
        ) : null}
      </Layout>,
    );
  });
}
