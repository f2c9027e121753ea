import { canonicalJson } from './canonical-json.js';
import { VerificationStatementSchema, type VerificationStatement } from './schemas/attestation.js';

export type StatementPayload = { ok: true; value: VerificationStatement } | { ok: false; reason: 'schema_invalid'; message: string };

/**
 * Reads a DSSE payload as an Assay statement, the same way for the platform and for an auditor:
 * UTF-8 JSON, in RFC 8785 canonical form only (duplicate keys or odd spacing could make another
 * parser read a different statement from the same signed bytes; a value RFC 8785 cannot encode, a
 * lone surrogate, is refused too), valid against the statement schema. Never throws.
 */
export function parseStatementPayload(payload: Uint8Array): StatementPayload {
  let text: string;
  let json: unknown;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(payload);
    json = JSON.parse(text);
  } catch {
    return invalid('the payload is not UTF-8 JSON');
  }
  let canonical: string;
  try {
    canonical = canonicalJson(json);
  } catch (error) {
    return invalid(`the payload cannot be canonicalized: ${(error as Error).message}`);
  }
  if (canonical !== text) return invalid('the payload is not RFC 8785 canonical JSON');
  const parsed = VerificationStatementSchema.safeParse(json);
  return parsed.success ? { ok: true, value: parsed.data } : invalid(`the statement is invalid: ${firstIssue(parsed.error.issues)}`);
}

/** `path: message` of a zod error's first issue, for a one-line reason. */
export function firstIssue(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  const issue = issues[0];
  return issue ? `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}` : 'invalid';
}

const invalid = (message: string): StatementPayload => ({ ok: false, reason: 'schema_invalid', message });
