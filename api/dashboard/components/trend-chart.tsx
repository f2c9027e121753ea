import type { TrendPoint } from '../../../domain/posture-trend.js';
import { when } from './badges.js';

const W = 640;
const H = 200;
const PAD = { left: 40, right: 12, top: 12, bottom: 28 };

/** Mitigated objectives (solid) against all objectives (dashed) after each applied run, as inline SVG. */
export function TrendChart({ points, label }: { points: readonly TrendPoint[]; label: string }) {
  if (points.length === 0) return <p class="muted">No verification run has been applied yet: the trend starts with the first one.</p>;
  const max = Math.max(1, ...points.map((p) => p.total));
  const x = (i: number) => PAD.left + (points.length === 1 ? (W - PAD.left - PAD.right) / 2 : (i * (W - PAD.left - PAD.right)) / (points.length - 1));
  const y = (v: number) => PAD.top + (1 - v / max) * (H - PAD.top - PAD.bottom);
  const line = (pick: (p: TrendPoint) => number) => points.map((p, i) => `${x(i).toFixed(1)},${y(pick(p)).toFixed(1)}`).join(' ');
  const last = points.at(-1)!;
  return (
    <figure class="trend">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="trend-title trend-desc" preserveAspectRatio="xMidYMid meet">
        <title id="trend-title">{label}</title>
        <desc id="trend-desc">
          {`${points.length} applied runs from ${when(points[0]!.at)} to ${when(last.at)}; now ${last.mitigated} of ${last.total} objectives mitigated.`}
        </desc>
        <line x1={PAD.left} y1={y(0)} x2={W - PAD.right} y2={y(0)} stroke="#5c5c5c" stroke-width="1" />
        <line x1={PAD.left} y1={y(max)} x2={PAD.left} y2={y(0)} stroke="#5c5c5c" stroke-width="1" />
        <text x={PAD.left - 6} y={y(max) + 4} text-anchor="end" font-size="11" fill="#333">{max}</text>
        <text x={PAD.left - 6} y={y(0) + 4} text-anchor="end" font-size="11" fill="#333">0</text>
        <text x={PAD.left} y={H - 8} font-size="11" fill="#333">{when(points[0]!.at)}</text>
        <text x={W - PAD.right} y={H - 8} text-anchor="end" font-size="11" fill="#333">{when(last.at)}</text>
        <polyline points={line((p) => p.total)} fill="none" stroke="#6b6b6b" stroke-width="1.5" stroke-dasharray="4 3" />
        <polyline points={line((p) => p.mitigated)} fill="none" stroke="#1b6e34" stroke-width="2.5" />
        {points.map((p, i) => (
          <circle cx={x(i)} cy={y(p.mitigated)} r="3.5" fill="#1b6e34">
            <title>{`${when(p.at)}: ${p.mitigated} of ${p.total} mitigated`}</title>
          </circle>
        ))}
      </svg>
      <figcaption>
        {label}: <strong>{last.mitigated}</strong> of {last.total} objectives mitigated now (solid: mitigated, dashed: all objectives).
      </figcaption>
    </figure>
  );
}
