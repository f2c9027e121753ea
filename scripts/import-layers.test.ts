import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { layerViolations, scanImports } from './import-layers.js';
import type { ImportEdge } from './import-layers.js';

const ROOT = resolve(import.meta.dirname, '..');

function edge(from: string, target: string, typeOnly = false): ImportEdge {
  return { from, target, local: /\.(ts|js|json)$/.test(target) && !target.startsWith('node:'), typeOnly };
}

describe('import layers', () => {
  it('no .ts or .tsx file of the repository imports against the layers', () => {
    const files = execFileSync('git', ['ls-files', '*.ts', '*.tsx'], { cwd: ROOT, encoding: 'utf8' })
      .split('\n')
      .filter((file) => file !== '' && !file.includes('/fixtures/'));
    expect(files.length).toBeGreaterThan(300);
    const edges = files.flatMap((file) => scanImports(file, readFileSync(resolve(ROOT, file), 'utf8')));
    expect(layerViolations(edges).map((v) => `${v.edge.from} → ${v.edge.target}: ${v.rule}`)).toEqual([]);
  });

  it('flags each wrong direction on a synthetic import list', () => {
    const bad = [
      edge('verify/commands/run.ts', 'store/runs.js'),
      edge('verify/platform/client.ts', 'services/assurance.js', true),
      edge('verify/main.ts', 'config.js'),
      edge('llm/openai.ts', 'activities/llm/types.js'),
      edge('llm/openai.ts', 'mongodb'),
      edge('workflows/model-assurance.ts', 'activities/index.js'),
      edge('workflows/model-assurance.ts', 'node:crypto'),
      edge('workflows/finding-lifecycle.ts', 'domain/schemas/integrations.js'),
      edge('domain/posture.ts', 'node:fs'),
      edge('domain/posture.ts', 'fs'),
      edge('domain/posture.ts', 'store/runs.js', true),
      edge('domain/posture.ts', 'mongodb'),
      edge('domain/posture.ts', '@temporalio/workflow'),
    ];
    expect(layerViolations(bad).map((v) => v.edge)).toEqual(bad);
  });

  it('follows the imports of a workflow through other modules to a schema', () => {
    const through = edge('domain/finding-transitions.ts', 'domain/schemas/finding.js');
    const edges = [
      edge('workflows/finding-lifecycle.ts', 'domain/finding-transitions.js'),
      through,
      // Reached by type only, or from outside the sandbox: loads nothing into it.
      edge('workflows/model-assurance.ts', 'domain/integrations/finding-events.js'),
      edge('domain/integrations/finding-events.ts', 'domain/schemas/integrations.js', true),
      edge('services/findings.ts', 'domain/schemas/finding.js'),
      edge('domain/posture.ts', 'domain/schemas/posture.js'),
    ];
    expect(layerViolations(edges).map((v) => v.edge)).toEqual([through]);
  });

  it('lets the allowed directions through', () => {
    const good = [
      edge('verify/commands/run.ts', 'domain/schemas/run.js'),
      edge('verify/tier2/run.ts', 'llm/openai.js'),
      edge('verify/envelope/sign.test.ts', 'test/support/run-statement.js'),
      edge('llm/openai.ts', 'openai'),
      edge('llm/testing/scripted-server.ts', 'node:http'),
      edge('workflows/model-assurance.ts', 'activities/index.js', true),
      edge('workflows/model-assurance.ts', '@temporalio/workflow'),
      edge('workflows/finding-lifecycle.ts', 'domain/schemas/finding.js', true),
      edge('workflows/finding-lifecycle.ts', 'domain/integrations/finding-events.js'),
      edge('domain/posture.ts', 'domain/schemas/posture.js'),
      edge('domain/posture.ts', 'zod'),
      edge('activities/run-verification.ts', 'store/runs.js'),
    ];
    expect(layerViolations(good)).toEqual([]);
  });

  it('reads static, dynamic and re-exported imports, and tells `import type` from `import { type X }`', () => {
    const text = [
      "import type { A } from '../activities/index.js';",
      "import { type B } from '../activities/run-verification.js';",
      "export { C } from './c.js';",
      "export type { D } from 'zod';",
      "const m = await import('../store/runs.js');",
      "type E = import('../services/x.js').E;",
    ].join('\n');
    expect(scanImports('workflows/w.ts', text)).toEqual([
      { from: 'workflows/w.ts', target: 'activities/index.js', local: true, typeOnly: true },
      // Under verbatimModuleSyntax `import { type B }` still loads the module.
      { from: 'workflows/w.ts', target: 'activities/run-verification.js', local: true, typeOnly: false },
      { from: 'workflows/w.ts', target: 'workflows/c.js', local: true, typeOnly: false },
      { from: 'workflows/w.ts', target: 'zod', local: false, typeOnly: true },
      { from: 'workflows/w.ts', target: 'store/runs.js', local: true, typeOnly: false },
    ]);
  });
});
