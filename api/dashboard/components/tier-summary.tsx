import { RISK_TIERS } from '../../../domain/risk.js';
import type { Posture } from '../../../domain/schemas/posture.js';

/** Objectives by risk tier × posture: the count an auditor reads first. */
export function TierSummary({ summary, caption }: { summary: Posture['summary']; caption: string }) {
  return (
    <table class="summary">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Risk tier</th>
          <th scope="col">Mitigated</th>
          <th scope="col">At risk</th>
          <th scope="col">Unassessed</th>
        </tr>
      </thead>
      <tbody>
        {RISK_TIERS.map((tier) => {
          const row = summary.byTier[tier] ?? { total: 0, mitigated: 0, at_risk: 0, unassessed: 0 };
          return (
            <tr>
              <th scope="row">{tier}</th>
              <td class="n status-mitigated">{row.mitigated}</td>
              <td class="n status-at_risk">{row.at_risk}</td>
              <td class="n status-unassessed">{row.unassessed}</td>
            </tr>
          );
        })}
      </tbody>
      {summary.outOfReach ? (
        <tfoot>
          <tr>
            <th scope="row">Out of reach</th>
            <td colspan={3} class="n status-out_of_reach">
              {summary.outOfReach} (behind a trust boundary; never counted as mitigated)
            </td>
          </tr>
        </tfoot>
      ) : null}
    </table>
  );
}
