import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import { canonicalJson, sha256Hex } from '../../domain/canonical-json.js';

/** What identifies a model's answer: the same key means the same question to the same model. */
export interface CacheKey {
  kind: 'assertion' | 'sufficiency';
  templateHash: string;
  provider: string;
  model: string;
  /** Digest of everything else in the prompt (params, claim, votes; or the verdict set for a review). */
  paramsDigest: string;
  evidenceDigest: string;
}

export interface Tier2Cache {
  get<S extends z.ZodType>(key: CacheKey, schema: S): Promise<z.infer<S> | undefined>;
  put(key: CacheKey, value: unknown): Promise<void>;
}

export function cacheKeyDigest(key: CacheKey): string {
  return sha256Hex(canonicalJson({ ...key }));
}

/**
 * One JSON file per key under `dir` (CI caches the directory between runs). Only answers a model
 * actually gave are stored, never errors, so a provider outage is not remembered as a verdict.
 * An unreadable or malformed entry is a miss; a write is atomic (temp file, then rename).
 */
export function createTier2Cache(dir: string): Tier2Cache {
  const pathOf = (key: CacheKey) => {
    const digest = cacheKeyDigest(key);
    return { folder: join(dir, digest.slice(0, 2)), file: join(dir, digest.slice(0, 2), `${digest}.json`) };
  };
  return {
    async get(key, schema) {
      const text = await readFile(pathOf(key).file, 'utf8').catch(() => undefined);
      if (text === undefined) return undefined;
      try {
        const parsed = schema.safeParse(JSON.parse(text));
        return parsed.success ? parsed.data : undefined;
      } catch {
        return undefined;
      }
    },
    async put(key, value) {
      const { folder, file } = pathOf(key);
      await mkdir(folder, { recursive: true });
      // Inside a checkout the cache must not make the tree dirty (run refuses a dirty tree): git ignores it.
      await writeFile(join(dir, '.gitignore'), '*\n', { flag: 'wx' }).catch(() => undefined);
      const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
      await writeFile(temp, JSON.stringify(value));
      await rename(temp, file);
    },
  };
}
