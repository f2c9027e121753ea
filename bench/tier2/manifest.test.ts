import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { checkInput, FIXTURES_DIR, LABELS, LANGUAGES, loadManifest, ManifestSchema } from './manifest.js';

const BIN = fileURLToPath(new URL('../../bin/assay-verify.js', import.meta.url));

describe('the Tier 2 benchmark set', () => {
  it('has at least 40 deceptive and 40 genuine cases, at least 8 of each per language', async () => {
    const { cases } = await loadManifest();
    for (const label of LABELS) expect(cases.filter((c) => c.label === label).length).toBeGreaterThanOrEqual(40);
    for (const language of LANGUAGES) {
      for (const label of LABELS) {
        expect(cases.filter((c) => c.language === language && c.label === label).length, `${language} ${label}`).toBeGreaterThanOrEqual(8);
      }
    }
  });

  it('points every case at a source file of its own language under fixtures/', async () => {
    const extension = { typescript: '.ts', python: '.py', go: '.go', java: '.java' } as const;
    for (const c of (await loadManifest()).cases) {
      const file = String(c.assertion.params.file ?? c.assertion.params.files);
      expect(path.extname(file), c.id).toBe(extension[c.language]);
      expect(existsSync(path.join(FIXTURES_DIR, file)), `${c.id}: ${file}`).toBe(true);
    }
  });

  it('rejects a manifest whose case names an unknown control or repeats an id', () => {
    const assertion = { type: 'file_exists', params: { file: 'ts/authz-stub.ts' }, description: 'd' };
    const one = { id: 'ts-a', language: 'typescript', label: 'genuine', control: 'x', why: 'w', assertion };
    const controls = { x: { description: 'd', verificationCriteria: ['c'] } };
    expect(ManifestSchema.safeParse({ controls, cases: [one] }).success).toBe(true);
    expect(ManifestSchema.safeParse({ controls, cases: [{ ...one, control: 'y' }] }).success).toBe(false);
    expect(ManifestSchema.safeParse({ controls, cases: [one, one] }).success).toBe(false);
  });

  // One `check` over every case: a Tier 1 change that starts failing a case shows up here, so
  // the set keeps meaning "Tier 1 passes, only Tier 2 can tell".
  it('passes Tier 1 on every case', async () => {
    const work = await mkdtemp(path.join(tmpdir(), 'assay-tier2-set-'));
    try {
      const input = path.join(work, 'cases.json');
      await writeFile(input, JSON.stringify(checkInput(await loadManifest())));
      // Tier 1 alone: a provider in the environment must not send the fixtures anywhere.
      const { ASSAY_TIER2_PROVIDER: _provider, ...env } = process.env;
      const { stdout } = await promisify(execFile)(process.execPath, [BIN, 'check', input, '--project-root', FIXTURES_DIR, '--output', 'json'], {
        env,
        maxBuffer: 64 * 1024 * 1024,
      }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
      const report = JSON.parse(stdout) as { results: { id: string; verdict: string; details: string }[] };
      const failed = report.results.filter((r) => r.verdict !== 'pass').map((r) => `${r.id}: ${r.details}`);
      expect(failed).toEqual([]);
      expect(report.results).toHaveLength((await loadManifest()).cases.length);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }, 120_000);
});
