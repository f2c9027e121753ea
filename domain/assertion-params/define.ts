import { z } from 'zod';

/** How a parameter names project files: what `assay-verify --changed-files` compares. */
export type PathKind = 'path' | 'glob' | 'manifest';

type Shape = Record<string, z.ZodType>;

/** One assertion type's parameters: the single definition the platform, MCP and the verifier read. */
export interface AssertionParamsDefinition<S extends z.ZodObject = z.ZodObject> {
  /** What passes, in one line (the catalogue text). */
  summary: string;
  /** Strict: an unknown or misspelt parameter is refused, never ignored. */
  params: S;
  /** Parameters that name project files, and how. */
  paths: Readonly<Record<string, PathKind>>;
  /** Parameters of which exactly one is given (`file | files`), in the catalogue's notation. */
  oneOf: readonly (readonly string[])[];
  /** Parameters of which one or more are given (`files and/or name`). */
  anyOf: readonly (readonly string[])[];
  /** Accepted only to be refused with a reason (md5, sha1): not offered in the catalogue. */
  hidden: readonly string[];
}

interface DefinitionSpec<S extends Shape> {
  summary: string;
  paths?: { [K in keyof S]?: PathKind };
  oneOf?: ReadonlyArray<readonly (keyof S & string)[]>;
  anyOf?: ReadonlyArray<readonly (keyof S & string)[]>;
  hidden?: ReadonlyArray<keyof S & string>;
  /** Cross-parameter rules (exactly one of, refused values) on the strict object. */
  refine?: (schema: z.ZodObject<S, z.core.$strict>) => z.ZodObject<S, z.core.$strict>;
}

/**
 * Builds one type's definition. The strict object's own message names every unknown parameter
 * and lists the known ones, so a submit error says which parameter is wrong and what would do.
 */
export function defineParams<S extends Shape>(type: string, shape: S, spec: DefinitionSpec<S>): AssertionParamsDefinition<z.ZodObject<S, z.core.$strict>> {
  const known = Object.keys(shape).filter((k) => !(spec.hidden ?? []).includes(k));
  const strict = z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown parameter ${issue.keys.map((k) => `"${k}"`).join(', ')} for ${type}; its parameters are ${known.join(', ')}`
        : undefined,
  });
  return {
    summary: spec.summary,
    params: spec.refine ? spec.refine(strict) : strict,
    paths: (spec.paths ?? {}) as Record<string, PathKind>,
    oneOf: spec.oneOf ?? [],
    anyOf: spec.anyOf ?? [],
    hidden: spec.hidden ?? [],
  };
}

/** `give exactly one of "a" or "b"`, as a refinement of the strict object. */
export function exactlyOneOf<S extends Shape>(a: keyof S & string, b: keyof S & string) {
  return (schema: z.ZodObject<S, z.core.$strict>) =>
    schema.refine((p: Record<string, unknown>) => (p[a] === undefined) !== (p[b] === undefined), { message: `give exactly one of "${a}" or "${b}"` });
}

/** A missing required parameter says so, rather than "expected string, received undefined". */
const required = { error: (issue: { input?: unknown }) => (issue.input === undefined ? 'missing parameter' : undefined) };

export const text = (description: string) => z.string(required).min(1).describe(description);

export const FILE = text('Project-relative path of the file to check, e.g. "src/app.ts".');

/** A glob, or a list of globs (rows 12–14, 21). */
export const globs = (description: string) => z.union([z.string().min(1), z.array(z.string().min(1)).min(1)], required).describe(description);

/** `file` (one path) or `files` (globs): exactly one of them. */
export const TARGET_SHAPE = {
  file: FILE.optional(),
  files: globs('Glob or list of globs of project files, e.g. "src/**/*.ts".').optional(),
};
