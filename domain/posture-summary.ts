import { RISK_TIERS } from './risk.js';
import { VerificationLevelSchema } from './schemas/posture.js';
import type { ControlMetrics, ControlPosture, ObjectivePosture, Posture, TierSummary } from './schemas/posture.js';
import type { Control, RiskTier } from './schemas/threat-model.js';

/**
 * Objective counts per risk tier over in-reach objectives (out-of-reach ones counted apart, never as mitigated), and progressive control metrics (defined ⊇ implemented ⊇
 * verified, where verified = implemented and meeting the policy). Orphaned controls are left out.
 */
export function summarize(
  objectives: readonly ObjectivePosture[],
  controls: readonly Control[],
  postures: ReadonlyMap<string, ControlPosture>,
): Pick<Posture, 'summary' | 'metrics'> {
  const count = (list: readonly ObjectivePosture[]): TierSummary => ({
    total: list.length,
    mitigated: list.filter((o) => o.status === 'mitigated').length,
    at_risk: list.filter((o) => o.status === 'at_risk').length,
    unassessed: list.filter((o) => o.status === 'unassessed').length,
  });
  const inReach = objectives.filter((o) => o.status !== 'out_of_reach');
  const byTier = Object.fromEntries(
    RISK_TIERS.map((tier) => [tier, count(inReach.filter((o) => o.riskTier === tier))]),
  ) as Record<RiskTier, TierSummary>;

  const counted = controls
    .map((c) => ({ control: c, posture: postures.get(c.id) as ControlPosture }))
    .filter(({ posture }) => !posture.orphaned);
  const byLevel = Object.fromEntries(VerificationLevelSchema.options.map((l) => [l, 0])) as ControlMetrics['byLevel'];
  for (const { posture } of counted) byLevel[posture.level] += 1;
  const metrics: ControlMetrics = {
    defined: counted.length,
    implemented: counted.filter(({ control }) => control.status === 'implemented').length,
    verified: counted.filter(({ posture }) => posture.meetsPolicy).length,
    byLevel,
  };
  return { summary: { overall: count(inReach), byTier, outOfReach: objectives.length - inReach.length }, metrics };
}
