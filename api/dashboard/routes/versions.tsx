import { Hono } from 'hono';
import { z } from 'zod';
import { DIFFED_ENTITIES, type FieldChange, type ModelDiff } from '../../../domain/schemas/diff.js';
import { PositiveIntegerTextSchema } from '../../../domain/schemas/common.js';
import type { Services } from '../../../services/index.js';
import { when } from '../components/badges.js';
import { Layout } from '../components/layout.js';
import type { DashboardEnv } from '../env.js';
import { renderPage } from '../render.js';

const CompareQuerySchema = z.object({ from: PositiveIntegerTextSchema.optional(), to: PositiveIntegerTextSchema.optional() });

const LABEL: Record<(typeof DIFFED_ENTITIES)[number], string> = {
  assets: 'Assets',
  attackers: 'Attackers',
  trustBoundaries: 'Trust boundaries',
  objectives: 'Control objectives',
  controls: 'Controls',
  assumptions: 'Assumptions',
};

const show = (value: unknown) => (value === undefined ? '(none)' : typeof value === 'string' ? value : JSON.stringify(value));

function Change({ change }: { change: FieldChange }) {
  return (
    <li>
      <code>{change.field}</code>: <del>{show(change.before)}</del> → <ins>{show(change.after)}</ins>
    </li>
  );
}

/** The diff of two versions, entity kind by kind: added, removed, and what changed field by field. */
function DiffView({ diff }: { diff: ModelDiff }) {
  const kinds = DIFFED_ENTITIES.filter((k) => {
    const d = diff.entities[k];
    return d.added.length + d.removed.length + d.modified.length > 0;
  });
  if (kinds.length === 0 && diff.fields.length === 0) return <p>The two versions have the same content.</p>;
  return (
    <div class="diff">
      {diff.fields.length > 0 ? (
        <section>
          <h3>Model</h3>
          <ul>
            {diff.fields.map((change) => (
              <Change change={change} />
            ))}
          </ul>
        </section>
      ) : null}
      {kinds.map((kind) => {
        const d = diff.entities[kind];
        return (
          <section>
            <h3>{LABEL[kind]}</h3>
            {d.added.length ? <p class="added">added: {d.added.join(', ')}</p> : null}
            {d.removed.length ? <p class="removed">removed: {d.removed.join(', ')}</p> : null}
            {d.modified.map((m) => (
              <div>
                <p>changed {m.id}:</p>
                <ul>
                  {m.changes.map((change) => (
                    <Change change={change} />
                  ))}
                </ul>
              </div>
            ))}
          </section>
        );
      })}
    </div>
  );
}

/** Every version of the model, and a readable diff between any two of them. */
export function versionRoutes(services: Services) {
  return new Hono<DashboardEnv>().get('/:modelId/versions', async (c) => {
    const { session } = c.var;
    const modelId = c.req.param('modelId');
    const ws = session.principal.workspaceId;
    const query = CompareQuerySchema.parse(c.req.query());
    const [{ model }, versions] = await Promise.all([services.models.get(ws, modelId), services.models.listVersions(ws, modelId)]);
    const latest = versions[0]?.version ?? 0; // newest first
    const to = query.to ?? latest;
    const from = query.from ?? Math.max(1, to - 1);
    const diff = latest > 0 ? await services.models.diff(ws, modelId, from, to) : undefined;
    const select = (name: 'from' | 'to', chosen: number) => (
      <>
        <label for={`v-${name}`}>{name === 'from' ? 'From version' : 'to version'}</label>
        <select id={`v-${name}`} name={name}>
          {versions.map((v) => (
            <option value={String(v.version)} selected={v.version === chosen}>
              {v.version}
            </option>
          ))}
        </select>
      </>
    );
    return renderPage(
      c,
      <Layout title="Versions" session={session} model={{ modelId, title: model.title, current: 'versions' }}>
        <div class="scroll" role="region" aria-label="Versions" tabindex={0}>
          <table class="data">
            <caption>Every version is kept</caption>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Created</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <tr>
                  <th scope="row">{v.version}</th>
                  <td>{when(v.createdAt)}</td>
                  <td>{v.change}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {diff ? (
          <>
            <h2>
              Changes from version {from} to {to}
            </h2>
            <form method="get" class="inline">
              {select('from', from)}
              {select('to', to)}
              <button type="submit">Compare</button>
            </form>
            <DiffView diff={diff} />
          </>
        ) : null}
      </Layout>,
    );
  });
}
