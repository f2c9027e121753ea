import type { Db } from 'mongodb';
import { documentKey } from './document-keys.js';
import { insertNew } from './insert-new.js';

const MIGRATION_ID = 'runs-pending';

/**
 * Submissions stored before `runs_pending` existed: each one without a verdict is listed there
 * (with its `signalledAt`, if it had one), so the sweeper and a restarting workflow still find it.
 * Idempotent (an entry is written once), marked done after the last one.
 */
export async function migrateToPendingRuns(db: Db): Promise<void> {
  const done = db.collection<{ _id: string; at: string }>('schema_migrations');
  if (await done.findOne({ _id: MIGRATION_ID })) return;
  const runs = db.collection<{ _id: string }>('runs');
  const pending = db.collection<{ _id: string; workspaceId: string; modelId: string; id: string; receivedAt: string; signalledAt?: string }>('runs_pending');
  const submissions = db
    .collection<{ workspaceId: string; modelId: string; id: string; receivedAt: string; signalledAt?: string }>('run_submissions')
    .find({}, { projection: { _id: 0, workspaceId: 1, modelId: 1, id: 1, receivedAt: 1, signalledAt: 1 } });
  for await (const { workspaceId, modelId, id, receivedAt, signalledAt } of submissions) {
    const _id = documentKey(workspaceId, id);
    if (await runs.findOne({ _id }, { projection: { _id: 1 } })) continue;
    await insertNew(pending, [{ _id, workspaceId, modelId, id, receivedAt, ...(signalledAt ? { signalledAt } : {}) }]);
  }
  await done.updateOne({ _id: MIGRATION_ID }, { $setOnInsert: { at: new Date().toISOString() } }, { upsert: true });
}
