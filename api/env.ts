import type { Principal } from '../services/keys.js';

/** Typed context variables of the app (Hono `Variables`), set by the auth middleware. */
export interface AppEnv {
  Variables: {
    workspaceId: string;
    principal: Principal;
  };
}
