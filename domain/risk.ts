import type { Level, RiskTier } from './schemas/threat-model.js';

/** SPEC §3: rows are asset impact, columns attacker likelihood. */
const RISK_TABLE: Record<Level, Record<Level, RiskTier>> = {
  H: { H: 'critical', M: 'high', L: 'medium' },
  M: { H: 'high', M: 'medium', L: 'low' },
  L: { H: 'medium', M: 'low', L: 'low' },
};

export const RISK_TIERS: readonly RiskTier[] = ['critical', 'high', 'medium', 'low'];

export function riskTier(impact: Level, likelihood: Level): RiskTier {
  return RISK_TABLE[impact][likelihood];
}
