/**
 * The Tier 2 benchmark's labelled set: manifest.json (controls and cases) over the small sources
 * in fixtures/, which is the project root every case's paths are relative to. A `deceptive` case
 * passes Tier 1 but its code does not do what the control needs; a `genuine` case does.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { AssertionDefinitionSchema } from '../../domain/schemas/assertion.js';

export const LANGUAGES = ['typescript', 'python', 'go', 'java'] as const;
export const LABELS = ['deceptive', 'genuine'] as const;

const ControlContextSchema = z.strictObject({
  description: z.string().min(1).max(2000),
  verificationCriteria: z.array(z.string().min(1).max(2000)).min(1),
});

const CaseSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]{3,48}$/),
  language: z.enum(LANGUAGES),
  label: z.enum(LABELS),
  /** A key of `controls`. */
  control: z.string().min(1),
  /** One line: what makes the case deceptive, or what makes it genuinely implement the control. */
  why: z.string().min(1).max(200),
  assertion: AssertionDefinitionSchema.omit({ id: true }).required({ description: true }),
});
export type BenchCase = z.infer<typeof CaseSchema>;

export const ManifestSchema = z
  .strictObject({ controls: z.record(z.string(), ControlContextSchema), cases: z.array(CaseSchema).min(1) })
  .superRefine((m, ctx) => {
    const seen = new Set<string>();
    m.cases.forEach((c, i) => {
      if (seen.has(c.id)) ctx.addIssue({ code: 'custom', path: ['cases', i, 'id'], message: `case id "${c.id}" is used twice` });
      seen.add(c.id);
      if (!m.controls[c.control]) ctx.addIssue({ code: 'custom', path: ['cases', i, 'control'], message: `unknown control "${c.control}"` });
    });
  });
export type Manifest = z.infer<typeof ManifestSchema>;

export const MANIFEST_FILE = fileURLToPath(new URL('./manifest.json', import.meta.url));
/** The project root of every case (`--project-root`). */
export const FIXTURES_DIR = fileURLToPath(new URL('./fixtures', import.meta.url));

export async function loadManifest(file = MANIFEST_FILE): Promise<Manifest> {
  return ManifestSchema.parse(JSON.parse(await readFile(file, 'utf8')));
}

/**
 * The `assay-verify check` input for every case: assertion id = case id, and each case gets a
 * control of its own (id `C-<case id>`), so one case's sufficiency review never sees another's.
 * The assertion claims every criterion of its control (`aspects`), as an eager agent would.
 */
export function checkInput(manifest: Manifest) {
  return manifest.cases.map((c) => {
    const control = manifest.controls[c.control]!;
    return {
      id: c.id,
      ...c.assertion,
      aspects: control.verificationCriteria,
      control: { id: `C-${c.id}`, ...control },
    };
  });
}
