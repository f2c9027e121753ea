import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig, PROJECT_ROOT } from '../config.js';
import { installPipTool } from '../scripts/provision/pip-tool.js';

const exec = promisify(execFile);
const ACTION = resolve(PROJECT_ROOT, 'action.yml');
const GITLAB = resolve(PROJECT_ROOT, 'ci/gitlab/assay.gitlab-ci.yml');
const REQUIREMENTS = resolve(PROJECT_ROOT, 'tools/check-jsonschema/requirements.txt');

interface Action {
  inputs: Record<string, { default?: string }>;
  runs: { using: string; steps: Array<{ run?: string; env?: Record<string, string> }> };
}

// The published schemas, as bundled by check-jsonschema (PyPI, pinned, installed once under ASSAY_TOOLS_DIR).
describe('the CI templates', () => {
  let checkJsonschema: string;
  let scratch: string;
  const validate = (schema: string, file: string) =>
    exec(checkJsonschema, ['--builtin-schema', schema, file], { timeout: 60_000 }).then(
      () => ({ code: 0, output: '' }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, output: `${e.stdout}${e.stderr}` }),
    );

  beforeAll(async () => {
    checkJsonschema = await installPipTool(
      { venv: join(loadConfig().toolsDir, 'check-jsonschema-venv'), requirements: REQUIREMENTS, binary: 'check-jsonschema' },
      (line) => console.error(`[ci-templates] ${line}`),
    );
    scratch = await mkdtemp(join(tmpdir(), 'assay-ci-templates-'));
  }, 600_000);
  afterAll(() => (scratch ? rm(scratch, { recursive: true, force: true }) : undefined));

  it('action.yml is valid against the GitHub Actions action schema, and a broken one is not', async () => {
    expect(await validate('vendor.github-actions', ACTION)).toEqual({ code: 0, output: '' });
    const broken = join(scratch, 'action.yml');
    await writeFile(broken, (await readFile(ACTION, 'utf8')).replace('using: composite', 'using: docker-compose'));
    expect((await validate('vendor.github-actions', broken)).code).not.toBe(0);
  });

  it('the GitLab template is valid against the GitLab CI schema, and a broken one is not', async () => {
    expect(await validate('vendor.gitlab-ci', GITLAB)).toEqual({ code: 0, output: '' });
    const broken = join(scratch, 'assay.gitlab-ci.yml');
    await writeFile(broken, (await readFile(GITLAB, 'utf8')).replace('when: always', 'when: sometimes'));
    expect((await validate('vendor.gitlab-ci', broken)).code).not.toBe(0);
  });

  it('the Action runs the packaged CLI at the package version, and passes inputs as variables, never as code', async () => {
    const action = parse(await readFile(ACTION, 'utf8')) as Action;
    const pkg = JSON.parse(await readFile(resolve(PROJECT_ROOT, 'packages/verify/package.json'), 'utf8')) as { name: string; version: string };
    expect(action.inputs.version?.default).toBe(pkg.version);
    const scripts = action.runs.steps.map((s) => s.run ?? '').join('\n');
    expect(scripts).toContain(`${pkg.name}@`);
    expect(scripts).toContain('--report-file "summary=$GITHUB_STEP_SUMMARY"');
    expect(scripts).toContain('--report-file "sarif=$sarif"');
    // An expression inside `run:` is pasted into the script before bash sees it (script injection).
    expect(scripts).not.toContain('${{');
    for (const name of ['api-url', 'api-key', 'signing-key', 'model', 'output', 'tier2-provider']) expect(Object.keys(action.inputs)).toContain(name);
  });

  it('the GitLab job asks for an id_token and publishes JUnit and Code Quality reports from the package', async () => {
    const job = (parse(await readFile(GITLAB, 'utf8')) as Record<string, { id_tokens?: Record<string, { aud: string }>; script?: string[]; artifacts?: { reports?: Record<string, string> } }>)['assay-verify']!;
    expect(job.id_tokens?.ASSAY_OIDC_TOKEN?.aud).toBe('assay');
    expect(job.artifacts?.reports).toEqual({ junit: 'assay-junit.xml', codequality: 'gl-code-quality-report.json' });
    const script = job.script!.join('\n');
    expect(script).toContain('@assay-dev/verify@${ASSAY_VERIFY_VERSION}');
    expect(script).toContain('--report-file junit=assay-junit.xml --report-file codequality=gl-code-quality-report.json');
  });
});
