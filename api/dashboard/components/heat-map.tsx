import type { ObjectivePosture } from '../../../domain/schemas/posture.js';
import type { ModelContent } from '../../../domain/schemas/threat-model.js';
import { STATUS_LABEL } from './badges.js';

/**
 * The objective matrix: one row per asset, one column per attacker, each cell the objective of
 * that pair, coloured by its posture and marked by its risk tier, linking to the objective.
 */
export function HeatMap({ modelId, content, objectives }: { modelId: string; content: ModelContent; objectives: readonly ObjectivePosture[] }) {
  const assets = content.assets.filter((a) => !a.deletedAt);
  const attackers = content.attackers.filter((t) => !t.deletedAt);
  const posture = new Map(objectives.map((o) => [o.objectiveId, o]));
  const byPair = new Map(content.objectives.filter((o) => !o.deletedAt).map((o) => [`${o.assetId}/${o.attackerId}`, o]));
  return (
    <div class="scroll" role="region" aria-label="Objective matrix" tabindex={0}>
      <table class="heat-map">
        <caption>Control objectives: assets × attackers (colour: posture; bar: risk tier)</caption>
        <thead>
          <tr>
            <th scope="col">Asset \ attacker</th>
            {attackers.map((t) => (
              <th scope="col">
                <span class="id">{t.id}</span> {t.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {assets.map((a) => (
            <tr>
              <th scope="row">
                <span class="id">{a.id}</span> {a.name}
              </th>
              {attackers.map((t) => {
                const objective = byPair.get(`${a.id}/${t.id}`);
                const p = objective && posture.get(objective.id);
                if (!objective || !p) return <td class="cell empty">—</td>;
                return (
                  <td class={`cell status-${p.status} tier-${p.riskTier}`}>
                    <a href={`/models/${encodeURIComponent(modelId)}/objectives/${encodeURIComponent(objective.id)}`}>
                      <span class="id">{objective.id}</span>
                      <span class="cell-label">
                        {p.riskTier} · {STATUS_LABEL[p.status]}
                      </span>
                    </a>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
