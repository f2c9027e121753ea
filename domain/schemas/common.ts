import { z } from 'zod';

/** UTC ISO-8601 instant (`Date.prototype.toISOString()` form); domain code never reads the clock. */
export const IsoDateTimeSchema = z.string().datetime();

export const Sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/);

/** A git commit id: SHA-1 (40 hex) or SHA-256 (64 hex) object name. */
export const CommitIdSchema = z.string().regex(/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/);

/**
 * An integer as JSON sends it or as a path or query string spells it: decimal digits only, so
 * `0x1`, `1e0`, ` 1` and `1.0` are refused rather than coerced (z.coerce would take them all).
 */
export const IntegerTextSchema = z.union([
  z.number().int(),
  z.string().regex(/^(?:0|[1-9]\d{0,14})$/, 'expected an integer in decimal digits').transform(Number),
]);
export const PositiveIntegerTextSchema = IntegerTextSchema.pipe(z.number().int().positive());
