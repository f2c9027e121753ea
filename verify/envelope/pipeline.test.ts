import { describe, expect, it } from 'vitest';
import { AttestedPipelineSchema } from '../../domain/schemas/attestation.js';
import { detectPipeline } from './pipeline.js';

const fallback = () => 'local-run';

describe('detectPipeline', () => {
  it('reads GitHub Actions variables (run id as the OIDC token carries it)', () => {
    const env = {
      GITHUB_ACTIONS: 'true',
      GITHUB_RUN_ID: '123',
      GITHUB_SERVER_URL: 'https://github.example.com',
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_REF_NAME: '7/merge',
    };
    expect(detectPipeline(env, fallback)).toEqual({
      provider: 'github',
      runId: '123',
      runUrl: 'https://github.example.com/acme/shop/actions/runs/123',
      branch: '7/merge',
      repository: 'acme/shop',
    });
  });

  it('reads GitLab CI variables and drops empty ones', () => {
    const env = { GITLAB_CI: 'true', CI_PIPELINE_ID: '9', CI_PIPELINE_URL: 'https://gitlab.com/g/p/-/pipelines/9', CI_COMMIT_REF_NAME: '', CI_PROJECT_PATH: 'g/p' };
    const pipeline = detectPipeline(env, fallback);
    expect(pipeline).toEqual({ provider: 'gitlab', runId: '9', runUrl: 'https://gitlab.com/g/p/-/pipelines/9', repository: 'g/p' });
    expect(AttestedPipelineSchema.safeParse(pipeline).success).toBe(true);
  });

  it('falls back to a generated run id elsewhere', () => {
    expect(detectPipeline({}, fallback)).toEqual({ provider: 'local', runId: 'local-run' });
    expect(detectPipeline({ CI: 'true' }, fallback)).toEqual({ provider: 'other', runId: 'local-run' });
  });
});
