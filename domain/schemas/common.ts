import { z } from 'zod';

/** UTC ISO-8601 instant (`Date.prototype.toISOString()` form); domain code never reads the clock. */
export const IsoDateTimeSchema = z.string().datetime();

export const Sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/);

/** A git commit id: SHA-1 (40 hex) or SHA-256 (64 hex) object name. */
export const CommitIdSchema = z.string().regex(/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/);
