import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOidcIssuer, type TestOidcIssuer } from '../../test/support/oidc-issuer.js';
import { pickupOidcToken } from './oidc-token.js';

let issuer: TestOidcIssuer;
beforeAll(async () => {
  issuer = await startOidcIssuer();
});
afterAll(async () => {
  await issuer.close();
});

describe('pickupOidcToken', () => {
  it('requests a GitHub Actions token with the platform audience', async () => {
    const env = issuer.githubRequestEnv({ repository: 'acme/shop', sha: 'a'.repeat(40) });
    const pickup = await pickupOidcToken({ env, audience: 'https://assay.example/ws-1' });
    expect(pickup).toMatchObject({ kind: 'token', provider: 'github' });
    const claims = decodeJwt(pickup.kind === 'token' ? pickup.token : '');
    expect(claims).toMatchObject({ aud: 'https://assay.example/ws-1', iss: issuer.issuer, repository: 'acme/shop' });
  });

  it('fails (rather than returning none) when GitHub refuses the request', async () => {
    const env = { ...issuer.githubRequestEnv({}), ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'wrong' };
    expect(await pickupOidcToken({ env, audience: 'a' })).toEqual({ kind: 'error', reason: 'GitHub OIDC token request failed: HTTP 401' });
    const unreachable = { ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:1/token', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't' };
    expect(await pickupOidcToken({ env: unreachable, audience: 'a' })).toMatchObject({ kind: 'error' });
  });

  it('takes a GitLab id_token from the configured variable', async () => {
    const token = await issuer.mint({ project_path: 'g/p' });
    expect(await pickupOidcToken({ env: { ASSAY_OIDC_TOKEN: token }, audience: 'a' })).toEqual({ kind: 'token', provider: 'gitlab', token });
    expect(await pickupOidcToken({ env: { MY_ID_TOKEN: token }, audience: 'a', gitlabVariable: 'MY_ID_TOKEN' })).toMatchObject({
      kind: 'token',
    });
    expect(await pickupOidcToken({ env: { ASSAY_OIDC_TOKEN: 'not a jwt' }, audience: 'a' })).toEqual({
      kind: 'error',
      reason: 'ASSAY_OIDC_TOKEN does not hold a JWT',
    });
  });

  it('returns none when the job has no OIDC token', async () => {
    expect(await pickupOidcToken({ env: { MY_ID_TOKEN: 'x' }, audience: 'a' })).toEqual({ kind: 'none' });
  });
});
