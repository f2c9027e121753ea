/** A link to `path` (lines `start`–`end`) at the attested commit, in the CI's own code browser. */
export type SourceLink = (path: string, start?: number, end?: number) => string | undefined;

const encodePath = (path: string) => path.split('/').map(encodeURIComponent).join('/');

/**
 * Links for GitHub (`GITHUB_SERVER_URL`/`GITHUB_REPOSITORY`) or GitLab (`CI_PROJECT_URL`), pinned
 * to the commit that was attested, never to a branch that moves. No CI, no commit: no links.
 */
export function sourceLinker(env: Record<string, string | undefined>, commit: string | null): SourceLink {
  const github = env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/blob/` : undefined;
  const gitlab = env.CI_PROJECT_URL ? `${env.CI_PROJECT_URL}/-/blob/` : undefined;
  const base = github ?? gitlab;
  if (!base || !commit || !/^[0-9a-f]{40,64}$/.test(commit)) return () => undefined;
  return (path, start, end) => {
    if (path.startsWith('/') || path.split('/').includes('..')) return undefined;
    const lines = !start ? '' : github ? `#L${start}${end && end !== start ? `-L${end}` : ''}` : `#L${start}${end && end !== start ? `-${end}` : ''}`;
    return `${base}${commit}/${encodePath(path)}${lines}`;
  };
}
