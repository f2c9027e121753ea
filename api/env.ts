/** Typed context variables of the app (Hono `Variables`). */
export interface AppEnv {
  Variables: {
    workspaceId: string;
  };
}
