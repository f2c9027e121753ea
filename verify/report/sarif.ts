import { pathToFileURL } from 'node:url';
import type { Evidence } from '../../domain/schemas/assertion.js';
import type { ReportInput } from './render.js';
import { primaryLocation } from './render.js';

const BASE = 'PROJECTROOT';
const uri = (path: string) => path.split('/').map(encodeURIComponent).join('/');

// One rule per assertion type keeps rule ids stable across runs and models.
const ruleId = (type: string) => `assay/${type}`;

/** SARIF 2.1.0: one result per assertion (kind pass/fail), located by its evidence. */
export function renderSarif(input: ReportInput): string {
  const types = [...new Set(input.results.map((r) => r.type))].sort();
  const rules = types.map((type) => ({
    id: ruleId(type),
    name: type,
    shortDescription: { text: `Assay Tier 1 assertion: ${type}` },
    defaultConfiguration: { level: 'error' },
  }));
  const results = input.results.map((result, i) => {
    const assertion = input.assertions[i];
    const failed = result.verdict !== 'pass';
    const located = result.evidence.length > 0 ? result.evidence.map(location) : fallback(primaryLocation(assertion, result));
    return {
      ruleId: ruleId(result.type),
      ruleIndex: types.indexOf(result.type),
      kind: failed ? 'fail' : 'pass',
      level: failed ? 'error' : 'none',
      message: { text: `${result.id}: ${result.details}` },
      locations: located,
      partialFingerprints: { assertionId: result.id },
      properties: { assertionId: result.id, ...(assertion?.description ? { description: assertion.description } : {}) },
    };
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: input.tool.name, version: input.tool.version, semanticVersion: input.tool.version, rules } },
        originalUriBaseIds: { [BASE]: { uri: `${pathToFileURL(input.root).href}/` } },
        invocations: [{ executionSuccessful: true }],
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
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
