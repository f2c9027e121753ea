import { z } from 'zod';
import { FILE, TARGET_SHAPE, defineParams, exactlyOneOf, text } from './define.js';

// SPEC §4 rows 10–16: checks of file contents, digests, patterns, secrets and configuration.

export const fileExists = defineParams('file_exists', { file: FILE }, { summary: 'a regular file exists', paths: { file: 'path' } });

const hex = (length: number, name: string) =>
  z.string().regex(new RegExp(`^[0-9a-fA-F]{${length}}$`), `must be ${length} hexadecimal digits`).describe(`Expected ${name} of the file, hexadecimal.`).optional();

export const DIGEST_ALGORITHMS = ['sha256', 'sha384', 'sha512'] as const;

export const fileHash = defineParams(
  'file_hash',
  {
    file: FILE,
    sha256: hex(64, 'SHA-256'),
    sha384: hex(96, 'SHA-384'),
    sha512: hex(128, 'SHA-512'),
    // Accepted only to refuse them with a reason rather than "unknown parameter".
    md5: z.string().optional(),
    sha1: z.string().optional(),
  },
  {
    summary: "the file's digest equals the expected one (md5 and sha1 are refused)",
    paths: { file: 'path' },
    oneOf: [DIGEST_ALGORITHMS],
    hidden: ['md5', 'sha1'],
    refine: (s) =>
      s.superRefine((p, ctx) => {
        for (const weak of ['md5', 'sha1'] as const) {
          if (p[weak] !== undefined) {
            ctx.addIssue({ code: 'custom', path: [weak], message: `${weak} is refused (collisions are practical); use sha256, sha384 or sha512` });
          }
        }
        const given = DIGEST_ALGORITHMS.filter((a) => p[a] !== undefined);
        if (given.length !== 1 && p.md5 === undefined && p.sha1 === undefined) {
          ctx.addIssue({ code: 'custom', path: [], message: 'give exactly one digest: sha256, sha384 or sha512' });
        }
      }),
  },
);

const PATTERN_SHAPE = {
  ...TARGET_SHAPE,
  pattern: text('RE2 regular expression.'),
  scope_start: text('RE2 pattern where the searched region starts.').optional(),
  scope_end: text('RE2 pattern where the searched region ends.').optional(),
  code_only: z.boolean().describe('Ignore comments and strings.').optional(),
};
const target = { paths: { file: 'path', files: 'glob' }, oneOf: [['file', 'files']] } as const;

export const patternMatches = defineParams('pattern_matches', PATTERN_SHAPE, {
  summary: 'RE2 pattern matches in the scoped region',
  ...target,
  refine: exactlyOneOf('file', 'files'),
});

export const patternAbsent = defineParams('pattern_absent', PATTERN_SHAPE, {
  summary: 'no match in any matched file (zero matched files fails)',
  ...target,
  refine: exactlyOneOf('file', 'files'),
});

export const noPlaintextSecret = defineParams(
  'no_plaintext_secret',
  { ...TARGET_SHAPE, patterns: z.union([z.string().min(1), z.array(z.string().min(1))]).describe('Extra RE2 patterns to refuse.').optional() },
  { summary: 'no private keys, tokens or high-entropy secrets', ...target, refine: exactlyOneOf('file', 'files') },
);

const KEY = text('Dot path of the key, e.g. "a.b[0].c".');

export const configKeyExists = defineParams('config_key_exists', { file: FILE, key: KEY }, {
  summary: 'the key is present in JSON/JSONC/YAML/TOML/INI/.env/properties',
  paths: { file: 'path' },
});

export const configValueMatches = defineParams(
  'config_value_matches',
  { file: FILE, key: KEY, pattern: text('RE2 pattern the (scalar) value matches.').optional(), equals: z.unknown().describe('The exact value (any JSON).').optional() },
  { summary: 'the value at key matches pattern or equals the value', paths: { file: 'path' }, oneOf: [['pattern', 'equals']], refine: exactlyOneOf('pattern', 'equals') },
);
