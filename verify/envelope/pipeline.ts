import type { AttestedPipeline } from '../../domain/schemas/attestation.js';

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Where this run happens, from the CI provider's standard variables. Run ids are the ones the
 * provider's OIDC token carries (`run_id`, `pipeline_id`), so the platform can bind the two.
 */
export function detectPipeline(env: Env, fallbackRunId: () => string): AttestedPipeline {
  if (env.GITHUB_ACTIONS === 'true' && env.GITHUB_RUN_ID) {
    const server = env.GITHUB_SERVER_URL ?? 'https://github.com';
    return compact({
      provider: 'github',
      runId: env.GITHUB_RUN_ID,
      runUrl: env.GITHUB_REPOSITORY ? `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : undefined,
      branch: env.GITHUB_REF_NAME,
      repository: env.GITHUB_REPOSITORY,
    });
  }
  if (env.GITLAB_CI === 'true' && env.CI_PIPELINE_ID) {
    return compact({
      provider: 'gitlab',
      runId: env.CI_PIPELINE_ID,
      runUrl: env.CI_PIPELINE_URL,
      branch: env.CI_COMMIT_REF_NAME,
      repository: env.CI_PROJECT_PATH,
    });
  }
  return { provider: env.CI === 'true' ? 'other' : 'local', runId: fallbackRunId() };
}

function compact(p: { [K in keyof AttestedPipeline]: AttestedPipeline[K] | undefined }): AttestedPipeline {
  return Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined && v !== '')) as AttestedPipeline;
}
