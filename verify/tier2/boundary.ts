import { randomBytes } from 'node:crypto';

/** A fresh token per call: 128 random bits, so untrusted content cannot guess where its wrapper ends. */
export function newBoundary(): string {
  return `ASSAY-${randomBytes(16).toString('hex')}`;
}

/** Untrusted text that already holds the token could close the wrapper early: such a call is never made. */
export function containsBoundary(pieces: readonly string[], token: string): boolean {
  return pieces.some((piece) => piece.includes(token));
}
