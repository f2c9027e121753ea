import type { Db } from 'mongodb';
import { createModelStore } from './models.js';

export { connectDatabase, type Database } from './database.js';
export type { ModelStore } from './models.js';

/** Every repository over one database. */
export function createStores(db: Db) {
  const models = createModelStore(db);
  return {
    models,
    async ensureIndexes(): Promise<void> {
      await models.ensureIndexes();
    },
  };
}

export type Stores = ReturnType<typeof createStores>;
