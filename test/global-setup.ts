import type { TestProject } from 'vitest/node';
import { loadConfig } from '../config.js';
import { startServices, type RunningServices } from '../scripts/provision/index.js';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    temporalNamespace: string;
    mongoUri: string;
  }
}

let services: RunningServices | undefined;

/**
 * Real servers for the integration project: reused when TEMPORAL_ADDRESS / MONGODB_URI
 * point at running ones, otherwise started here (in memory / temp folder) and stopped after.
 */
export async function setup(project: TestProject): Promise<void> {
  const config = loadConfig();
  services = await startServices(config, 'ephemeral');
  project.provide('temporalAddress', services.temporal.address);
  project.provide('temporalNamespace', services.temporal.namespace);
  project.provide('mongoUri', services.mongo.uri);
}

export async function teardown(): Promise<void> {
  await services?.stop();
}
