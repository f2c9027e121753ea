import type { Session } from '../../services/index.js';

/** How the dashboard is deployed (config.ts `dashboard`, plus the Temporal namespace its links name). */
export interface DashboardOptions {
  /** Base URL of the Temporal UI, without a trailing slash. */
  temporalUiUrl: string;
  temporalNamespace: string;
  /** Believe `X-Forwarded-Proto` from a TLS-terminating proxy in front. */
  trustProxy: boolean;
}

export const DEFAULT_DASHBOARD_OPTIONS: DashboardOptions = { temporalUiUrl: 'http://127.0.0.1:8233', temporalNamespace: 'default', trustProxy: false };

/** Typed context variables of the dashboard, set by the session middleware. */
export interface DashboardEnv {
  Variables: {
    session: Session;
    sessionId: string;
  };
}
