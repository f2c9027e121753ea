import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import module, { createRequire } from 'node:module';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import vm from 'node:vm';

/**
 * A persistent V8 code cache for the packaged CLI's start. Most of a one-assertion `check` is
 * V8 compiling TypeScript's compiler (ts-morph's 9 MB `typescript.js`) from source; with its
 * code cached on disk a later start deserialises it instead. Node ≥ 22.1 does this itself
 * (`module.enableCompileCache`, which also covers ES modules); on Node 20 a require hook caches
 * the large CommonJS files, the only ones where compiling is a measurable share of the start.
 * A cache V8 rejects (another Node, a changed file) is recompiled and rewritten, never trusted.
 */

/** Files smaller than this compile in well under a millisecond: not worth a cache file. */
const MIN_CACHED_BYTES = 256 * 1024;

export interface CompileCache {
  /** Where the cache lives, or undefined when it is off. */
  dir: string | undefined;
  engine: 'node' | 'require-hook' | 'off';
  /** Files whose cached code V8 accepted / compiled from source this process (require hook only). */
  stats: { hits: number; misses: number };
  /** Writes the code of files compiled from source (the hook also does so as the process exits). */
  flush(): void;
  /** Puts the original compiler back (tests). */
  uninstall(): void;
}

type Compile = (this: NodeModule, content: string, filename: string) => unknown;
type ModuleInternals = typeof module & {
  prototype: { _compile: Compile };
  wrap(source: string): string;
  _resolveFilename(request: string, parent: NodeModule, isMain: boolean, options?: { paths?: string[] }): string;
  enableCompileCache?: (dir?: string) => { status: number; directory?: string };
};

/** ASSAY_VERIFY_COMPILE_CACHE: a folder for the cache, or `off`; by default a folder in the OS temp dir per user. */
export function defaultCacheDir(env: NodeJS.ProcessEnv): string | undefined {
  const setting = env.ASSAY_VERIFY_COMPILE_CACHE;
  if (setting === 'off' || setting === '0') return undefined;
  if (setting) return setting;
  return path.join(tmpdir(), `assay-verify-compile-cache-${safeUid()}`);
}

export function installCompileCache(dir: string | undefined, options: { preferNode?: boolean } = {}): CompileCache {
  const stats = { hits: 0, misses: 0 };
  const off: CompileCache = { dir: undefined, engine: 'off', stats, flush() {}, uninstall() {} };
  if (!dir) return off;
  const Module = module as ModuleInternals;
  if ((options.preferNode ?? true) && Module.enableCompileCache) {
    const { directory } = Module.enableCompileCache(dir);
    return { ...off, dir: directory ?? dir, engine: 'node' };
  }
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch {
    return off; // a read-only or missing temp dir costs speed, never the run
  }
  const original = Module.prototype._compile;
  const pending = new Map<string, vm.Script>();
  Module.prototype._compile = function cachedCompile(this: NodeModule, content: string, filename: string) {
    if (content.length < MIN_CACHED_BYTES) return original.call(this, content, filename);
    const key = path.join(dir, cacheKey(filename, content));
    const cachedData = readIfPresent(key);
    const script = new vm.Script(Module.wrap(content), { filename, cachedData, importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER });
    if (cachedData && !script.cachedDataRejected) stats.hits++;
    else {
      stats.misses++;
      pending.set(key, script);
    }
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return wrapper.call(this.exports, this.exports, requireFor(this, Module), this, filename, path.dirname(filename));
  };
  // Written at exit, after the run compiled the functions it used, so the cache holds them too.
  const flush = () => {
    for (const [key, script] of pending) writeAtomically(key, script.createCachedData());
    pending.clear();
  };
  process.once('exit', flush);
  return {
    dir,
    engine: 'require-hook',
    stats,
    flush,
    uninstall() {
      Module.prototype._compile = original;
      process.removeListener('exit', flush);
    },
  };
}

/** The `require` a CommonJS file sees: its own module's, resolving from it. */
function requireFor(mod: NodeModule, Module: ModuleInternals): NodeJS.Require {
  const fromFile = createRequire(mod.filename);
  const require = ((id: string) => mod.require(id)) as NodeJS.Require;
  const resolve = ((request: string, options?: { paths?: string[] }) => Module._resolveFilename(request, mod, false, options)) as NodeJS.RequireResolve;
  resolve.paths = fromFile.resolve.paths;
  return Object.assign(require, { resolve, cache: fromFile.cache, extensions: fromFile.extensions, main: fromFile.main });
}

/**
 * One cache file per file, size, modification time and Node build, so an upgrade or an edit
 * meets no stale entry (V8 checks the source again); hashing 9 MB would cost more than it saves.
 */
function cacheKey(filename: string, content: string): string {
  const { mtimeMs } = statSync(filename);
  // required here, not imported, so `--version` (which compiles nothing large) never loads it
  const { createHash } = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  return createHash('sha256').update(`${process.version}\0${filename}\0${content.length}\0${mtimeMs}`).digest('hex').slice(0, 40);
}

function readIfPresent(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Two parallel starts may write the same entry: each writes its own file and renames it in place. */
function writeAtomically(file: string, data: Buffer): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, data, { mode: 0o600 });
    renameSync(temporary, file);
  } catch {
    // a full or read-only disk leaves the next start to compile again
  }
}

function safeUid(): string {
  try {
    return String(userInfo().uid);
  } catch {
    return 'user';
  }
}
