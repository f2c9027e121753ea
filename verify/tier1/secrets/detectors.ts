/** A built-in secret detector. Patterns are RE2 syntax; `accept` re-checks a bounded candidate. */
export interface Detector {
  id: string;
  label: string;
  pattern: string;
  /** Only for files whose name matches (bare `KEY=value` lines in config files). */
  appliesTo?: (path: string) => boolean;
  accept?: (candidate: string) => boolean;
}

const SECRET_NAME =
  '[A-Za-z0-9_.\\-]*(?i:secret|passw(?:or)?d|pwd|token|api[_\\-]?key|private[_\\-]?key|access[_\\-]?key|credential|auth[_\\-]?key|signing[_\\-]?key)[A-Za-z0-9_.\\-]*';
const ASSIGN = `["']?\\s*(?::=|=>|=|:)\\s*`;
const CONFIG_FILE = /(^|\/)\.env(\.[^/]*)?$|\.(env|properties|ini|cfg|conf|ya?ml)$/i;
const DOCKERFILE = /(^|\/)(?:Dockerfile|Containerfile)(?:\.[^/]*)?$|\.dockerfile$/i;

export const DETECTORS: readonly Detector[] = [
  { id: 'private-key', label: 'private key (PEM)', pattern: '-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----' },
  { id: 'aws-access-key-id', label: 'AWS access key id', pattern: '\\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\\b' },
  {
    id: 'aws-secret-access-key',
    label: 'AWS secret access key',
    pattern: `(?i:aws_?secret_?access_?key)${ASSIGN}["']?[A-Za-z0-9/+]{40}\\b`,
  },
  { id: 'github-token', label: 'GitHub token', pattern: '\\b(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,255})\\b' },
  { id: 'gitlab-token', label: 'GitLab token', pattern: '\\bgl(?:pat|dt|ptt|rt)-[A-Za-z0-9_\\-]{20,}' },
  { id: 'slack-token', label: 'Slack token', pattern: '\\bxox[abposr]-[A-Za-z0-9\\-]{10,}' },
  { id: 'slack-webhook', label: 'Slack webhook URL', pattern: 'https://hooks\\.slack\\.com/services/T[A-Z0-9]+/B[A-Z0-9]+/[A-Za-z0-9]{20,}' },
  { id: 'stripe-key', label: 'Stripe secret key', pattern: '\\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}\\b' },
  { id: 'google-api-key', label: 'Google API key', pattern: '\\bAIza[0-9A-Za-z_\\-]{35}\\b' },
  { id: 'jwt', label: 'JSON Web Token', pattern: '\\beyJ[A-Za-z0-9_\\-]{8,}\\.eyJ[A-Za-z0-9_\\-]{8,}\\.[A-Za-z0-9_\\-]{8,}' },
  {
    id: 'assigned-literal',
    label: 'high-entropy literal assigned to a secret-like name',
    pattern: `${SECRET_NAME}${ASSIGN}["'\`][^"'\`\\s]{12,200}["'\`]`,
    accept: acceptAssignment,
  },
  {
    id: 'assigned-bare-value',
    label: 'high-entropy value assigned to a secret-like name',
    pattern: `^[ \\t]*(?:export[ \\t]+)?${SECRET_NAME}[ \\t]*[=:][ \\t]*[^"'\`\\s#]{12,200}[ \\t]*$`,
    appliesTo: (path) => CONFIG_FILE.test(path),
    accept: acceptAssignment,
  },
  {
    id: 'dockerfile-env',
    label: 'high-entropy value in a Dockerfile ENV/ARG with a secret-like name',
    pattern: `^[ \\t]*(?i:ENV|ARG)[ \\t]+${SECRET_NAME}(?:[ \\t]*=[ \\t]*|[ \\t]+)["']?[^"'\\s]{12,200}`,
    appliesTo: (path) => DOCKERFILE.test(path),
    // `ENV NAME value` and `ENV NAME=value` both become `NAME=value` for the shared check.
    accept: (candidate) => acceptAssignment(candidate.replace(/^\s*(?:ENV|ARG)\s+/i, '').replace(/^([^=\s]+)\s+(?!=)/, '$1=')),
  },
  {
    id: 'bearer-literal',
    label: 'bearer token in a literal',
    pattern: `["'\`](?i:bearer)[ ]+[A-Za-z0-9._~+/\\-]{20,}=*["'\`]`,
    accept: (candidate) => {
      const token = /bearer\s+([^"'`]+)/i.exec(candidate)?.[1] ?? '';
      return !PLACEHOLDER.test(token) && shannonEntropy(token) >= 3.5 && characterClasses(token) >= 2;
    },
  },
];

// Names that only describe where a secret lives or what it looks like.
const DESCRIPTIVE_NAME = /(url|uri|path|file|name|field|header|type|label|prompt|len|length|pattern|regex|env|var|id|ttl|expiry|expires|count)$/i;
const PLACEHOLDER = /\$\{|\{\{|<[^>]*>|%\(|process\.env|os\.environ|getenv|^\$|^(?:changeme|change_me|example|placeholder|dummy|redacted|your[_-])|^(.)\1+$/i;

/** A name=value candidate counts when the value looks random rather than a placeholder. */
function acceptAssignment(candidate: string): boolean {
  const split = /^\s*(?:export\s+)?([A-Za-z0-9_.-]+)["']?\s*(?::=|=>|=|:)\s*["'`]?([^"'`\s]*)/.exec(candidate);
  if (!split) return false;
  const [, name = '', value = ''] = split;
  if (DESCRIPTIVE_NAME.test(name) || PLACEHOLDER.test(value)) return false;
  // An UPPER_SNAKE value names a variable to look up, not a secret.
  if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(value)) return false;
  return value.length >= 12 && shannonEntropy(value) >= 3 && characterClasses(value) >= 2;
}

export function shannonEntropy(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

function characterClasses(value: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(value)).length;
}
