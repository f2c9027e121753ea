import { beforeAll, describe, expect, it } from 'vitest';
import { buildWorkflowBundle } from './workflow-bundle.js';

/** The bundle's modules (webpack's development output) and what each requires. */
function moduleGraph(code: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const starts = [...code.matchAll(/^\/\*\*\*\/ "([^"]+)":?$/gm)];
  starts.forEach((start, i) => {
    const body = code.slice(start.index, starts[i + 1]?.index ?? code.length);
    graph.set(start[1]!, [...body.matchAll(/__webpack_require__\([^)]*?"([^"]+)"\)/g)].map((m) => m[1]!));
  });
  return graph;
}

/** The modules reached from `entries`, not going through `stop`. */
function reached(graph: Map<string, string[]>, entries: string[], stop = new Set<string>()): Set<string> {
  const seen = new Set<string>();
  const visit = (id: string) => {
    if (seen.has(id) || stop.has(id)) return;
    seen.add(id);
    for (const dep of graph.get(id) ?? []) visit(dep);
  };
  entries.forEach(visit);
  return seen;
}

/** The module ids the entry point's function `name` requires. */
function requiredBy(code: string, name: string): string[] {
  const body = code.match(new RegExp(`exports\\.${name} = function ${name}\\(\\) \\{([^}]*)\\}`))?.[1] ?? '';
  return [...body.matchAll(/__webpack_require__\([^)]*?"([^"]+)"\)/g)].map((m) => m[1]!);
}

describe('workflow bundle', () => {
  let code: string;
  beforeAll(async () => {
    code = (await buildWorkflowBundle()).code;
  }, 120_000);

  // A workflow evaluates every module it reaches again for itself unless the module was
  // preloaded into the shared context; zod alone is ~460 KB of code and ~1 MB of heap a workflow.
  it('reaches zod only through the modules preloaded once for every workflow', () => {
    const graph = moduleGraph(code);
    expect(graph.size).toBeGreaterThan(50);
    const preloaded = reached(graph, requiredBy(code, 'preloadModules'));
    const workflows = requiredBy(code, 'importWorkflows');
    expect(workflows).toEqual(['./workflows/index.ts']);
    const perWorkflow = reached(graph, workflows, preloaded);

    const isZod = (id: string) => id.includes('/node_modules/zod/');
    expect([...preloaded].filter(isZod).length).toBeGreaterThan(10);
    expect([...perWorkflow].filter(isZod)).toEqual([]);
    expect(perWorkflow.has('./workflows/model-assurance.ts')).toBe(true);
    expect(preloaded.has('./workflows/model-assurance.ts')).toBe(false);
  });

  // One character past Latin-1 would make V8 hold the whole text at two bytes a character.
  it('is Latin-1 text, its other characters escaped', () => {
    expect(code.match(/[^\0-\xff]/g)).toBeNull();
    expect(code).toContain('\\u2014');
  });
});
