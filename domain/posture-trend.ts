/** One model's posture once a run was applied (store/assurance.ts posture history, reduced to counts). */
export interface ModelPosturePoint {
  modelId: string;
  at: string;
  mitigated: number;
  total: number;
}

export interface TrendPoint {
  at: string;
  mitigated: number;
  total: number;
}

/**
 * Mitigated objectives across a workspace over time: after each applied run, every model counts
 * with its latest posture up to that instant. Points at the same instant are merged.
 */
export function workspaceTrend(points: readonly ModelPosturePoint[]): TrendPoint[] {
  const ordered = [...points].sort((a, b) => (a.at === b.at ? (a.modelId < b.modelId ? -1 : 1) : a.at < b.at ? -1 : 1));
  const latest = new Map<string, { mitigated: number; total: number }>();
  const trend: TrendPoint[] = [];
  for (const point of ordered) {
    latest.set(point.modelId, { mitigated: point.mitigated, total: point.total });
    let mitigated = 0;
    let total = 0;
    for (const counts of latest.values()) {
      mitigated += counts.mitigated;
      total += counts.total;
    }
    if (trend.at(-1)?.at === point.at) trend.pop();
    trend.push({ at: point.at, mitigated, total });
  }
  return trend;
}
