import { createRequire } from 'node:module';
import type * as TsMorph from 'ts-morph';

/**
 * ts-morph's values, loaded with require(): importing this CommonJS package from ESM makes Node
 * compile it once more to detect its format and scan its source for export names, about 120 ms
 * of a one-check run. Types still come from `import type … from 'ts-morph'`.
 */
const tsMorph = createRequire(import.meta.url)('ts-morph') as typeof TsMorph;

export const { Project } = tsMorph;
export type Project = TsMorph.Project;
/** TypeScript's compiler API as ts-morph bundles it (its `ts`). */
export const typescript = tsMorph.ts;
