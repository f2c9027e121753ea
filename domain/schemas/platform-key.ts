import { z } from 'zod';

/**
 * One public key of the platform's signing key ring as published in its JWKS
 * (`/.well-known/assay/keys.json`) and in every audit package. `kid` is the RFC 7638 thumbprint
 * (SHA-256, base64url) of {crv, kty, x, y}. Validity, JWT NumericDate style (seconds since the
 * epoch): `nbf` when the key began to sign, `exp` when it was retired (absent for the key in use).
 */
export const PlatformPublicJwkSchema = z.object({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: z.string().min(1).max(100),
  y: z.string().min(1).max(100),
  kid: z.string().min(1).max(100),
  use: z.literal('sig').optional(),
  alg: z.literal('ES256').optional(),
  nbf: z.number().int().nonnegative(),
  exp: z.number().int().nonnegative().optional(),
});
export type PlatformPublicJwk = z.infer<typeof PlatformPublicJwkSchema>;

export const PlatformJwksSchema = z.object({ keys: z.array(PlatformPublicJwkSchema).max(1000) });
export type PlatformJwks = z.infer<typeof PlatformJwksSchema>;
