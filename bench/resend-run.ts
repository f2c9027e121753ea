/** How often a run submit answered 503 is sent, and the pause before each resend. */
const ATTEMPTS = 10;
const PAUSE_MS = 200;

/**
 * Sends a run submit until it is not answered 503, as CI does: a 503 means the run is stored
 * but Temporal took its signal later than the submit's deadline. Returns the last answer;
 * `resent` is told of each resend.
 */
export async function submitRun<T extends { status: number }>(send: () => T | Promise<T>, resent: () => void = () => {}): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const answer = await send();
    if (answer.status !== 503 || attempt === ATTEMPTS) return answer;
    resent();
    await new Promise((r) => setTimeout(r, PAUSE_MS));
  }
}
