import { Hono } from 'hono';
import type { Services } from '../../../services/index.js';
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

/** Drift and recovery, by the commit that caused them. */
export function driftRoutes(services: Services) {
  return new Hono<DashboardEnv>().get('/:modelId/drift', async (c) => {
    const { session } = c.var;
    const modelId = c.req.param('modelId');
    const ws = session.principal.workspaceId;
    const [{ model }, events] = await Promise.all([services.models.get(ws, modelId), services.assuranceHistory.drift(ws, modelId, 200)]);
    const groups = byCommit(events);
    return renderPage(
      c,
      <Layout title="Drift timeline" session={session} model={{ modelId, title: model.title, current: 'drift' }}>
        {groups.length === 0 ? <p>No drift recorded: nothing that passed has failed since.</p> : null}
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
      </Layout>,
    );
  });
}
