/** A service could not be obtained by any route; the message lists every route tried. */
export class ServiceUnavailableError extends Error {
  override name = 'ServiceUnavailableError';
  constructor(
    readonly service: string,
    readonly tried: Array<{ label: string; reason: string }>,
    howTo: string,
  ) {
    super(
      `could not obtain ${service}. Tried, in order:\n` +
        tried.map((t, i) => `  ${i + 1}. ${t.label}: ${t.reason}`).join('\n') +
        `\n${howTo}`,
    );
  }
}

/** Thrown by a route that does not apply here (nothing configured, tool missing): try the next one. */
export class NotApplicable extends Error {
  override name = 'NotApplicable';
}

export interface Route<T> {
  label: string;
  run(): Promise<T>;
}

export type Log = (line: string) => void;

/**
 * Tries each route in order and returns the first that works. Errors in `fatal` (an
 * occupied port, say) stop the search at once: every later route would hit them too.
 */
export async function firstWorking<T>(
  service: string,
  routes: Array<Route<T>>,
  log: Log,
  howTo: string,
  fatal: Array<new (...args: never[]) => Error> = [],
): Promise<T> {
  const tried: Array<{ label: string; reason: string }> = [];
  for (const route of routes) {
    log(`${service}: trying ${route.label}`);
    try {
      return await route.run();
    } catch (error) {
      if (fatal.some((kind) => error instanceof kind)) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      log(`${service}: ${route.label}: ${reason}`);
      tried.push({ label: route.label, reason });
    }
  }
  throw new ServiceUnavailableError(service, tried, howTo);
}
