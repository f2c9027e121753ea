import type { Evidence, Tier1Result } from './schemas/assertion.js';

/** One SARIF result: an assertion (or a sufficiency gap) with its verdict and where it points. */
export interface SarifRow extends Tier1Result {
  description?: string | undefined;
  /** Where a row without evidence points (the file its assertion names), if anywhere. */
  fallback?: { path: string } | undefined;
}

export interface SarifInput {
  tool: { name: string; version: string };
  rows: readonly SarifRow[];
  /** The project root: a file URL where the code is (CI), else a description of it (the platform never has code). */
  root: { uri: string } | { description: string };
  /** Extra run members (`automationDetails`, `properties`) after the results. */
  extra?: Record<string, unknown>;
}

const BASE = 'PROJECTROOT';
const uri = (path: string) => path.split('/').map(encodeURIComponent).join('/');

// One rule per assertion type keeps rule ids stable across runs, models and producers (CLI, platform).
const ruleId = (type: string) => `assay/${type}`;

/** SARIF 2.1.0: one result per row (kind pass/fail), located by its evidence. */
export function sarifLog(input: SarifInput): Record<string, unknown> {
  const types = [...new Set(input.rows.map((r) => r.type))].sort();
  const rules = types.map((type) => ({
    id: ruleId(type),
    name: type,
    shortDescription: { text: `Assay Tier 1 assertion: ${type}` },
    defaultConfiguration: { level: 'error' },
  }));
  const results = input.rows.map((row) => {
    const failed = row.verdict !== 'pass';
    const located = row.evidence.length > 0 ? row.evidence.map(location) : fallback(row.fallback);
    return {
      ruleId: ruleId(row.type),
      ruleIndex: types.indexOf(row.type),
      kind: failed ? 'fail' : 'pass',
      level: failed ? 'error' : 'none',
      message: { text: `${row.id}: ${row.details}` },
      locations: located,
      partialFingerprints: { assertionId: row.id },
      properties: { assertionId: row.id, ...(row.description ? { description: row.description } : {}) },
    };
  });
  const root = 'uri' in input.root ? { uri: input.root.uri } : { description: { text: input.root.description } };
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: input.tool.name, version: input.tool.version, semanticVersion: input.tool.version, rules } },
        originalUriBaseIds: { [BASE]: root },
        invocations: [{ executionSuccessful: true }],
        results,
        ...input.extra,
      },
    ],
  };
}

function location(evidence: Evidence) {
  return {
    physicalLocation: {
      artifactLocation: { uri: uri(evidence.path), uriBaseId: BASE },
      ...(evidence.startLine > 0 ? { region: { startLine: evidence.startLine, endLine: Math.max(evidence.endLine, evidence.startLine) } } : {}),
    },
  };
}

function fallback(at: { path: string } | undefined) {
  return at ? [{ physicalLocation: { artifactLocation: { uri: uri(at.path), uriBaseId: BASE } } }] : [];
}
