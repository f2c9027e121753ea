import type { SubjectAudit } from '../../domain/audit-replay.js';
import type { AuditReport } from './check-package.js';

/** The audit as people read it: the verdict first, then per objective and control, then why. */
export function renderAuditText(report: AuditReport): string {
  const lines = [`assay-verify audit: ${report.verdict.toUpperCase()}${report.modelId ? ` (model ${report.modelId}, package of ${report.createdAt})` : ''}`];
  lines.push(`platform key: ${report.anchors.platformKey}`, `CI keys: ${report.anchors.ciKeys}`);
  const checked = report.runs.filter((r) => r.check === 'verified').length;
  const notRelied = report.runs.filter((r) => r.check === 'not_checked').length;
  lines.push(`runs: ${report.runs.length} (${checked} envelopes verified, ${notRelied} rejected or duplicate: not relied on); ${report.replayedRuns} applied runs replayed`);
  if (report.anchors.oidcRuns > 0) lines.push(`  ${report.anchors.oidcRuns} runs rest on an OIDC identity the platform recorded (a CI token cannot be re-checked offline)`);
  const table = (title: string, subjects: readonly SubjectAudit[]) => {
    lines.push(`${title}:`);
    for (const s of subjects) lines.push(`  ${s.id.padEnd(6)} ${s.posture.padEnd(18)} ${s.verdict}${s.verdict === 'verified' ? '' : `  (${s.reasons.length} reason${s.reasons.length === 1 ? '' : 's'})`}`);
  };
  table('objectives', report.objectives);
  table('controls', report.controls);
  if (report.problems.length > 0) {
    lines.push('tampered:');
    for (const p of report.problems) lines.push(`  - ${p.member}: ${p.check}: ${p.message}`);
  }
  if (report.missingAnchors.length > 0) {
    lines.push('unverifiable:');
    for (const a of report.missingAnchors) lines.push(`  - ${a}`);
  }
  return `${lines.join('\n')}\n`;
}
