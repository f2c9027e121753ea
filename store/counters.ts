import type { Collection, Db } from 'mongodb';
import { insertedBeforeTakenKey, isDuplicateKey } from './duplicate-key.js';
import { gatheredKeyReads } from './gathered-key-reads.js';

const HINTS = 'id_claim_hints';

interface IdClaim {
  _id: string;
  key: string;
  n: number;
}

/**
 * The next `count` numbers of a monotonic sequence, ascending: ids built from them are never
 * reused, even after the thing they named is deleted, and never handed out twice under
 * concurrency. They need not be consecutive (numbers another caller claimed are skipped).
 *
 * Each number is claimed by inserting a document whose `_id` is `key#n`: the unique `_id`
 * decides between racing claimants. A `$inc` counter would be simpler, but FerretDB v1's
 * findAndModify is not atomic (40 concurrent increments yielded 8 distinct values here).
 * The claims go in one ordered insert: on a taken number at position j the server stops there,
 * the j before it are ours, and the rest are tried again after the taken one.
 *
 * Where to start is read from a hint kept under the key's `_id` (one lookup, where finding the
 * highest claim is a scan on FerretDB): it only ever trails the claims, so at worst a few
 * numbers are tried that are already taken. Uncontended, a call is three round trips whatever
 * `count` is: the hint, the claims, the hint again.
 */
export async function nextCounterValues(db: Db, key: string, count: number, fields: Record<string, unknown> = {}): Promise<number[]> {
  if (count <= 0) return [];
  const ours = await claimCounterValues(db, key, count, fields, await storedHint(db, key));
  await moveCounterHints(db, [{ key, n: ours.at(-1)! }]);
  return ours;
}

/**
 * The claiming step of nextCounterValues alone, from `hint` (where the sequence's hint stood,
 * read earlier with counterHints; it may trail): the caller moves the hint afterwards with
 * moveCounterHints, so the moves of several sequences can go in one command.
 */
export async function claimCounterValues(db: Db, key: string, count: number, fields: Record<string, unknown>, hint: number | undefined): Promise<number[]> {
  if (count <= 0) return [];
  const claims = db.collection<IdClaim>('id_claims');
  return claimInOrder(await firstToTry(db, key, hint), count, (numbers) => claimPrefix(claims, key, numbers, fields));
}

/** The number to try first: the one after the sequence's hint, or (no hint yet) after its highest claim. */
export async function firstToTry(db: Db, key: string, hint: number | undefined): Promise<number> {
  return (hint ?? (await db.collection<IdClaim>('id_claims').find({ key }).sort({ n: -1 }).limit(1).next())?.n ?? 0) + 1;
}

/**
 * `count` numbers claimed in ascending order from `next` on. `claimPrefix` tries the numbers it
 * is given, in order, and says how many of the first ones are now ours (it stops at a taken
 * one, or throws): a taken number is skipped and the rest are tried after it.
 */
export async function claimInOrder(next: number, count: number, claimPrefix: (numbers: number[]) => Promise<number>): Promise<number[]> {
  const ours: number[] = [];
  while (ours.length < count) {
    const wanted = Array.from({ length: count - ours.length }, (_, i) => next + i);
    const claimed = await claimPrefix(wanted);
    ours.push(...wanted.slice(0, claimed));
    // All claimed, or the one after them is taken: go on past it.
    next = wanted[0]! + claimed + 1;
  }
  return ours;
}

/** Where sequences' hints stood, by key (undefined: no hint yet). */
export type CounterHints = ReadonlyMap<string, number | undefined>;

/** Where the sequences' hints stand, in one `_id` read. */
export async function counterHints(db: Db, keys: readonly string[]): Promise<CounterHints> {
  const found = (await gatheredKeyReads(db, HINTS).getMany(keys)) as Map<string, { n: number }>;
  return new Map(keys.map((key) => [key, found.get(key)?.n]));
}

async function storedHint(db: Db, key: string): Promise<number | undefined> {
  return (await counterHints(db, [key])).get(key);
}

/** Moves each sequence's hint up to `n` (never down), in one command. */
export async function moveCounterHints(db: Db, moves: ReadonlyArray<{ key: string; n: number }>): Promise<void> {
  if (moves.length === 0) return;
  const hints = db.collection<{ _id: string; n: number }>(HINTS);
  // `multi` statements although each names one `_id`: see store/assertions.ts writeBatch.
  await hints.bulkWrite(moves.map(({ key, n }) => ({ updateMany: { filter: { _id: key }, update: { $max: { n } }, upsert: true } })), { ordered: false }).catch((error: unknown) => {
    // Racing first upserts of a hint may collide; the claims are made either way.
    if (!isDuplicateKey(error)) throw error;
  });
}

/** The next number of a sequence (see nextCounterValues); its claim carries `fields`. */
export async function nextCounterValue(db: Db, key: string, fields: Record<string, unknown> = {}): Promise<number> {
  const [n] = await nextCounterValues(db, key, 1, fields);
  return n!;
}

/**
 * Inserts the claims of `numbers` in order and says how many of the first ones are now ours:
 * all of them, or j when the server stopped at a taken number at position j. Any other failure
 * throws (the numbers it may have claimed are lost, which leaves a gap, never a repeat).
 */
async function claimPrefix(claims: Collection<IdClaim>, key: string, numbers: readonly number[], fields: Record<string, unknown>): Promise<number> {
  try {
    await claims.insertMany(numbers.map((n) => ({ ...fields, _id: `${key}#${n}`, key, n })), { ordered: true });
    return numbers.length;
  } catch (error) {
    const ours = insertedBeforeTakenKey(error);
    if (ours === undefined) throw error;
    return ours;
  }
}

/**
 * The claims of numbers `from`, `from + 1`, … up to `count` of them, with the fields they were
 * claimed with, in one `_id` read; they stop before the first number still unclaimed.
 */
export async function counterClaimsFrom(db: Db, key: string, from: number, count: number): Promise<Array<Record<string, unknown>>> {
  const ids = Array.from({ length: count }, (_, i) => `${key}#${from + i}`);
  const found = (await gatheredKeyReads(db, 'id_claims').getMany(ids)) as Map<string, IdClaim & Record<string, unknown>>;
  const run: Array<Record<string, unknown>> = [];
  for (const id of ids) {
    const claim = found.get(id);
    if (!claim) break;
    run.push(claim);
  }
  return run;
}

/** Where the sequence's hint says it stands (0: no hint yet); it may trail the claims. */
export async function counterHint(db: Db, key: string): Promise<number> {
  return (await storedHint(db, key)) ?? 0;
}

export async function ensureCounterIndexes(db: Db): Promise<void> {
  await db.collection<IdClaim>('id_claims').createIndex({ key: 1, n: -1 });
}

/** Moves a sequence past `n` (numbers up to it were given out by an import or a seed): the next value is above it. */
export async function advanceCounter(db: Db, key: string, n: number): Promise<void> {
  await db.collection<IdClaim>('id_claims').updateOne({ _id: `${key}#${n}` }, { $setOnInsert: { key, n } }, { upsert: true });
  await moveCounterHints(db, [{ key, n }]);
}
