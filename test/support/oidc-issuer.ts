import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';

/**
 * A real OIDC issuer on 127.0.0.1 for tests: discovery document, JWKS, RS256 tokens (as GitHub
 * and GitLab sign them), and a GitHub-Actions-style token request endpoint. Nothing is mocked:
 * verifiers fetch the JWKS over HTTP exactly as they do in production.
 */
export interface TestOidcIssuer {
  /** `http://127.0.0.1:<port>`, the `iss` of every token it mints. */
  issuer: string;
  jwksUri: string;
  /** Number of JWKS fetches served, to show caching works. */
  jwksFetches(): number;
  mint(claims: JWTPayload, options?: MintOptions): Promise<string>;
  /**
   * The two variables a GitHub Actions job with `id-token: write` sees; the endpoint mints a
   * token with `githubClaims` and the requested audience.
   */
  githubRequestEnv(githubClaims: JWTPayload): { ACTIONS_ID_TOKEN_REQUEST_URL: string; ACTIONS_ID_TOKEN_REQUEST_TOKEN: string };
  close(): Promise<void>;
}

export interface MintOptions {
  audience?: string;
  /** Seconds since epoch; defaults to now. */
  issuedAt?: number;
  /** Lifetime in seconds; default 300 (GitHub's tokens live a few minutes). */
  ttlSeconds?: number;
  /** Override `iss`, to pose as another issuer. */
  issuer?: string;
  /** Sign with a key that is not in the JWKS (a forgery). */
  foreignKey?: boolean;
}

const KID = 'test-key-1';

export async function startOidcIssuer(): Promise<TestOidcIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const foreign = await generateKeyPair('RS256');
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: KID, alg: 'RS256', use: 'sig' }] };
  const requestToken = randomBytes(16).toString('hex');
  let githubClaims: JWTPayload = {};
  let fetches = 0;
  let issuer = '';

  const mint = async (claims: JWTPayload, options: MintOptions = {}): Promise<string> => {
    const iat = options.issuedAt ?? Math.floor(Date.now() / 1000);
    const key: CryptoKey = options.foreignKey ? foreign.privateKey : privateKey;
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT' })
      .setIssuer(options.issuer ?? issuer)
      .setAudience(options.audience ?? 'https://assay.test')
      .setIssuedAt(iat)
      .setNotBefore(iat)
      .setExpirationTime(iat + (options.ttlSeconds ?? 300))
      .setJti(randomBytes(8).toString('hex'))
      .sign(key);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', issuer);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(200, { issuer, jwks_uri: `${issuer}/.well-known/jwks`, id_token_signing_alg_values_supported: ['RS256'] });
    }
    if (url.pathname === '/.well-known/jwks') {
      fetches += 1;
      return json(200, jwks);
    }
    if (url.pathname === '/github/token') {
      if (req.headers.authorization !== `Bearer ${requestToken}`) return json(401, { message: 'bad request token' });
      const audience = url.searchParams.get('audience') ?? undefined;
      return json(200, { value: await mint(githubClaims, audience ? { audience } : {}) });
    }
    json(404, { message: 'not found' });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    issuer,
    jwksUri: `${issuer}/.well-known/jwks`,
    jwksFetches: () => fetches,
    mint,
    githubRequestEnv(claims) {
      githubClaims = claims;
      // GitHub's URL already carries a query string; clients must append, not replace.
      return { ACTIONS_ID_TOKEN_REQUEST_URL: `${issuer}/github/token?api-version=2.0`, ACTIONS_ID_TOKEN_REQUEST_TOKEN: requestToken };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
