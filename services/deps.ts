import type { Client } from '@temporalio/client';
import type { Database, SecretBox, Stores } from '../store/index.js';
import type { PlatformKeyRing } from './platform-keys.js';

/** What use cases need: a Temporal client, the repositories, and where workflows run. */
export interface ServiceDeps {
  temporal: Client;
  database: Database;
  stores: Stores;
  taskQueue: string;
  /** The platform's signing key ring (services/platform-keys.ts); without it nothing is exported signed. */
  platformKeys?: PlatformKeyRing;
  now?: () => Date;
  /** Seals and opens integration secrets (store/secret-box.ts); integrations with secrets fail without it. */
  secrets?: SecretBox;
}
