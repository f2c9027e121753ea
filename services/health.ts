import type { ServiceDeps } from './deps.js';

export interface ComponentHealth {
  status: 'ok' | 'unavailable';
  error?: string;
}

export interface Health {
  status: 'ok' | 'degraded';
  temporal: ComponentHealth;
  mongo: ComponentHealth;
}

async function probe(check: () => Promise<unknown>, timeoutMs: number): Promise<ComponentHealth> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([check(), timeout]);
    return { status: 'ok' };
  } catch (error) {
    return { status: 'unavailable', error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

export function createHealthService(deps: ServiceDeps) {
  return {
    async check(timeoutMs = 2_000): Promise<Health> {
      const [temporal, mongo] = await Promise.all([
        probe(() => deps.temporal.workflowService.getSystemInfo({}), timeoutMs),
        probe(() => deps.database.ping(), timeoutMs),
      ]);
      return { status: temporal.status === 'ok' && mongo.status === 'ok' ? 'ok' : 'degraded', temporal, mongo };
    },
  };
}
