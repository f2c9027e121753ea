import type { EnvelopeRejectionCode } from '../../domain/schemas/attestation.js';

export interface Rejection {
  ok: false;
  reason: EnvelopeRejectionCode;
  /** For people: what was wrong. Never echoes key material or token contents. */
  message: string;
}

export const reject = (reason: EnvelopeRejectionCode, message: string): Rejection => ({ ok: false, reason, message });
