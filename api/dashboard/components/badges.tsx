import type { PostureStatus, ReasonCode, VerificationLevel } from '../../../domain/schemas/posture.js';
import type { RiskTier } from '../../../domain/schemas/threat-model.js';

export const STATUS_LABEL: Record<PostureStatus, string> = { mitigated: 'mitigated', at_risk: 'at risk', unassessed: 'unassessed', out_of_reach: 'out of reach' };
export const LEVEL_LABEL: Record<VerificationLevel, string> = { unverified: 'unverified', partially_verified: 'partially verified', tier1: 'Tier 1', verified: 'Tier 1 + Tier 2 + sufficient' };

export function StatusBadge({ status }: { status: PostureStatus }) {
  return <span class={`badge status-${status}`}>{STATUS_LABEL[status]}</span>;
}

export function TierBadge({ tier }: { tier: RiskTier }) {
  return <span class={`badge tier-${tier}`}>{tier}</span>;
}

/** pass / fail / not run, for one tier of one assertion (or of a control's set). */
export function VerdictBadge({ verdict }: { verdict: 'pass' | 'fail' | 'missing' }) {
  return <span class={`badge verdict-${verdict}`}>{verdict === 'missing' ? 'not run' : verdict}</span>;
}

export function Reasons({ reasons }: { reasons: readonly ReasonCode[] }) {
  if (reasons.length === 0) return <span class="muted">—</span>;
  return (
    <ul class="codes">
      {reasons.map((r) => (
        <li>
          <code>{r}</code>
        </li>
      ))}
    </ul>
  );
}

export const shortDigest = (hex: string) => hex.slice(0, 12);
export const shortCommit = (commit: string) => commit.slice(0, 10);
export const when = (iso: string) => iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
