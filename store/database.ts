import { MongoClient, type Db } from 'mongodb';

export interface Database {
  db: Db;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** One client per process; repositories share its `Db`. */
export async function connectDatabase(uri: string, dbName: string): Promise<Database> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5_000, ignoreUndefined: true });
  await client.connect();
  const db = client.db(dbName);
  return {
    db,
    ping: async () => void (await db.command({ ping: 1 })),
    close: () => client.close(),
  };
}
