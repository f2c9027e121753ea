import type { JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrustedIssuer } from '../../domain/schemas/attestation.js';
import { startOidcIssuer, type MintOptions, type TestOidcIssuer } from '../../test/support/oidc-issuer.js';
import { SAMPLE_COMMIT, sampleStatement } from '../../test/support/run-statement.js';
import { generateSigningKeyPair, parseSigningKey } from '../../verify/envelope/keys.js';
import { pickupOidcToken } from '../../verify/envelope/oidc-token.js';
import { signEnvelope, unsignedEnvelope } from '../../verify/envelope/sign.js';
import { verifyRunEnvelope, type VerifyRunEnvelopeInput } from './verify-run-envelope.js';

let issuer: TestOidcIssuer;
let github: TrustedIssuer;
let gitlab: TestOidcIssuer;
beforeAll(async () => {
  [issuer, gitlab] = await Promise.all([startOidcIssuer(), startOidcIssuer()]);
  // jwksUri left out: the verifier discovers it from the issuer, as with github.com.
  github = { provider: 'github', issuer: issuer.issuer, audience: 'https://assay.test', repositories: ['acme/shop'] };
});
afterAll(async () => {
  await Promise.all([issuer.close(), gitlab.close()]);
});

/** GitHub Actions claims of the run that sampleStatement describes. */
const githubClaims = (edit: Partial<JWTPayload> = {}): JWTPayload => ({
  sub: 'repo:acme/shop:ref:refs/heads/main',
  repository: 'acme/shop',
  repository_owner: 'acme',
  sha: SAMPLE_COMMIT,
  ref: 'refs/heads/main',
  run_id: '4242',
  run_attempt: '1',
  ...edit,
});

const nowSeconds = () => Math.floor(Date.now() / 1000);
// The statement finished "now" from the verifier's point of view.
const NOW = new Date('2025-01-01T10:05:00.000Z');
const atRunTime = (): MintOptions => ({ issuedAt: Math.floor(NOW.getTime() / 1000) - 60 });

const check = (oidcToken: string, overrides: Partial<VerifyRunEnvelopeInput> = {}) =>
  verifyRunEnvelope({
    envelope: unsignedEnvelope(sampleStatement()),
    oidcToken,
    registeredKeys: [],
    trustedIssuers: [github],
    expectedWorkspaceId: 'ws-1',
    now: NOW,
    ...overrides,
  });

describe('verifyRunEnvelope with a GitHub Actions OIDC token', () => {
  it('accepts an unsigned run whose token matches repository, commit, ref and run id', async () => {
    const outcome = await check(await issuer.mint(githubClaims(), atRunTime()));
    expect(outcome).toMatchObject({
      ok: true,
      keyid: null,
      identity: {
        kind: 'oidc',
        issuer: issuer.issuer,
        subject: 'repo:acme/shop:ref:refs/heads/main',
        repository: 'acme/shop',
        ref: 'refs/heads/main',
        commit: SAMPLE_COMMIT,
      },
    });
  });

  it('accepts a token fetched the way the CLI fetches it in a GitHub job', async () => {
    const env = issuer.githubRequestEnv(githubClaims());
    const pickup = await pickupOidcToken({ env, audience: github.audience });
    if (pickup.kind !== 'token') throw new Error(pickup.kind);
    // This token is minted at the wall clock, so verify at the wall clock too.
    const outcome = await check(pickup.token, { now: new Date() });
    expect(outcome).toMatchObject({ ok: true, identity: { kind: 'oidc', repository: 'acme/shop' } });
  });

  it('records both identities when a run is signed and carries a token', async () => {
    const loaded = await parseSigningKey((await generateSigningKeyPair()).privateKeyPem);
    if (!loaded.ok) throw new Error(loaded.reason);
    const outcome = await check(await issuer.mint(githubClaims(), atRunTime()), {
      envelope: signEnvelope(sampleStatement(), loaded.key),
      registeredKeys: [loaded.key.publicJwk],
    });
    expect(outcome).toMatchObject({ ok: true, keyid: loaded.key.keyid, identity: { kind: 'oidc' } });
  });

  it('rejects an expired token', async () => {
    const expired = await issuer.mint(githubClaims(), { issuedAt: nowSeconds() - 3600, ttlSeconds: 300 });
    const outcome = await check(expired, { now: new Date() });
    expect(outcome).toMatchObject({ ok: false, reason: 'oidc_invalid', message: expect.stringContaining('ERR_JWT_EXPIRED') });
  });

  it('rejects a token for another audience', async () => {
    const token = await issuer.mint(githubClaims(), { ...atRunTime(), audience: 'https://other.example' });
    expect(await check(token)).toMatchObject({ ok: false, reason: 'oidc_invalid', message: expect.stringContaining('aud') });
  });

  it('rejects a token from an issuer the workspace does not trust', async () => {
    const token = await gitlab.mint(githubClaims(), atRunTime());
    expect(await check(token)).toMatchObject({ ok: false, reason: 'oidc_invalid', message: expect.stringContaining('not trusted') });
  });

  it('rejects a token that names the trusted issuer but is signed by another key', async () => {
    const forged = await issuer.mint(githubClaims(), { ...atRunTime(), foreignKey: true });
    expect(await check(forged)).toMatchObject({ ok: false, reason: 'oidc_invalid' });
    const posing = await gitlab.mint(githubClaims(), { ...atRunTime(), issuer: issuer.issuer });
    expect(await check(posing)).toMatchObject({ ok: false, reason: 'oidc_invalid' });
  });

  it('rejects a token from a repository the workspace does not trust, whatever the statement says', async () => {
    const claims = githubClaims({ repository: 'mallory/fork' });
    const statement = sampleStatement((s) => void (s.predicate.pipeline.repository = 'mallory/fork'));
    const outcome = await check(await issuer.mint(claims, atRunTime()), { envelope: unsignedEnvelope(statement) });
    expect(outcome).toMatchObject({ ok: false, reason: 'oidc_claims_mismatch', message: expect.stringContaining('mallory/fork') });
  });

  it.each([
    ['commit', githubClaims({ sha: 'f'.repeat(40) })],
    ['branch', githubClaims({ ref: 'refs/heads/feature' })],
    ['run', githubClaims({ run_id: '1' })],
    ['commit', githubClaims({ sha: undefined })],
  ])('rejects a token whose %s differs from the statement', async (what, claims) => {
    const outcome = await check(await issuer.mint(claims, atRunTime()));
    expect(outcome).toMatchObject({ ok: false, reason: 'oidc_claims_mismatch', message: expect.stringContaining(what) });
  });

  it('rejects a statement whose repository differs from the token', async () => {
    github.repositories.push('acme/other');
    try {
      const statement = sampleStatement((s) => void (s.predicate.pipeline.repository = 'acme/other'));
      const outcome = await check(await issuer.mint(githubClaims(), atRunTime()), { envelope: unsignedEnvelope(statement) });
      expect(outcome).toMatchObject({ ok: false, reason: 'oidc_claims_mismatch', message: expect.stringContaining('repository') });
    } finally {
      github.repositories.pop();
    }
  });

  it('rejects a malformed token and never reaches the payload', async () => {
    expect(await check('not-a-jwt')).toMatchObject({ ok: false, reason: 'oidc_invalid' });
  });

  it('refuses keys served over plain http from a non-local host', async () => {
    const insecure = { ...github, jwksUri: 'http://jwks.example/keys' };
    const outcome = await check(await issuer.mint(githubClaims(), atRunTime()), { trustedIssuers: [insecure] });
    expect(outcome).toMatchObject({ ok: false, reason: 'oidc_invalid', message: expect.stringContaining('non-https') });
  });

  it('refuses a discovery document that names another issuer', async () => {
    const slashed = { ...github, issuer: `${issuer.issuer}/` };
    const token = await issuer.mint(githubClaims(), { ...atRunTime(), issuer: slashed.issuer });
    const outcome = await check(token, { trustedIssuers: [slashed] });
    expect(outcome).toMatchObject({ ok: false, reason: 'oidc_invalid', message: expect.stringContaining('another issuer') });
  });

  it('fetches the JWKS once for many verifications', async () => {
    expect((await check(await issuer.mint(githubClaims(), atRunTime()))).ok).toBe(true);
    const before = issuer.jwksFetches();
    expect(before).toBeGreaterThan(0);
    for (let i = 0; i < 3; i += 1) {
      expect((await check(await issuer.mint(githubClaims(), atRunTime()))).ok).toBe(true);
    }
    expect(issuer.jwksFetches()).toBe(before);
  });
});

describe('verifyRunEnvelope with a GitLab id_token', () => {
  it('matches project_path, sha, short ref and pipeline id', async () => {
    const trusted: TrustedIssuer = { provider: 'gitlab', issuer: gitlab.issuer, audience: 'assay', repositories: ['group/shop'], jwksUri: gitlab.jwksUri };
    const statement = sampleStatement((s) => {
      s.predicate.pipeline = { provider: 'gitlab', runId: '99', branch: 'main', repository: 'group/shop' };
    });
    const claims = { sub: 'project_path:group/shop:ref_type:branch:ref:main', project_path: 'group/shop', sha: SAMPLE_COMMIT, ref: 'main', ref_type: 'branch', pipeline_id: '99' };
    const input = { envelope: unsignedEnvelope(statement), trustedIssuers: [trusted] };
    const ok = await check(await gitlab.mint(claims, { ...atRunTime(), audience: 'assay' }), input);
    expect(ok).toMatchObject({ ok: true, identity: { kind: 'oidc', repository: 'group/shop', ref: 'main' } });
    const otherPipeline = await gitlab.mint({ ...claims, pipeline_id: '98' }, { ...atRunTime(), audience: 'assay' });
    expect(await check(otherPipeline, input)).toMatchObject({ ok: false, reason: 'oidc_claims_mismatch' });
  });

  it('rejects a GitLab token offered for a statement that says it ran on GitHub', async () => {
    const trusted: TrustedIssuer = { provider: 'gitlab', issuer: gitlab.issuer, audience: 'assay', repositories: ['acme/shop'] };
    const claims = { sub: 's', project_path: 'acme/shop', sha: SAMPLE_COMMIT, ref: 'main', pipeline_id: '4242' };
    const outcome = await check(await gitlab.mint(claims, { ...atRunTime(), audience: 'assay' }), { trustedIssuers: [trusted] });
    expect(outcome).toMatchObject({ ok: false, reason: 'oidc_claims_mismatch', message: expect.stringContaining('provider') });
  });
});
