import type { Tree } from 'web-tree-sitter';
import type { ParseCache, ReadResult, TreeLanguage, TreeParse, TypeScriptParse } from '../check.js';
import { languageOf } from './languages.js';
import type { TypeScriptProject } from './typescript.js';

const isTreeLanguage = (language: string | undefined): language is TreeLanguage =>
  language === 'python' || language === 'go' || language === 'java';

/**
 * Parses each file at most once per run, whatever number of assertions name it; the promise is
 * cached so concurrent checks of one file share a single parse. `dispose()` ends the run.
 * ts-morph (TypeScript's compiler, most of a short run's start-up) and tree-sitter are imported
 * on the first file that needs them, so a run without such a file never loads them.
 */
export function createParseCache(read: (path: string) => Promise<ReadResult>): ParseCache {
  let project: Promise<TypeScriptProject> | undefined;
  const scripts = new Map<string, Promise<TypeScriptParse>>();
  const trees = new Map<string, Promise<TreeParse>>();
  const liveTrees = new Set<Tree>();

  const parseScript = async (path: string): Promise<TypeScriptParse> => {
    const language = languageOf(path);
    if (language !== 'typescript' && language !== 'javascript') {
      return { ok: false, reason: `${path} is not a TypeScript or JavaScript file` };
    }
    const result = await read(path);
    if (!result.ok) return result;
    project ??= import('./typescript.js').then((m) => m.createTypeScriptProject());
    return { ok: true, file: result.file, ...(await project).parse(result.file) };
  };

  const parseWithTreeSitter = async (path: string): Promise<TreeParse> => {
    const language = languageOf(path);
    if (!isTreeLanguage(language)) return { ok: false, reason: `${path} is not a Python, Go or Java file` };
    const result = await read(path);
    if (!result.ok) return result;
    try {
      const { parseTree } = await import('./tree-sitter.js');
      const { tree, syntaxErrors } = await parseTree(language, result.file.text);
      liveTrees.add(tree);
      return { ok: true, tree, language, file: result.file, syntaxErrors };
    } catch (error) {
      return { ok: false, reason: `${path}: the ${language} parser failed (${(error as Error).message})` };
    }
  };

  return {
    languageOf,
    typescript: (path) => memo(scripts, path, parseScript),
    tree: (path) => memo(trees, path, parseWithTreeSitter),
    dispose() {
      for (const tree of liveTrees) tree.delete();
      liveTrees.clear();
      scripts.clear();
      trees.clear();
      project = undefined;
    },
  };
}

function memo<T>(cache: Map<string, Promise<T>>, key: string, make: (key: string) => Promise<T>): Promise<T> {
  let value = cache.get(key);
  if (!value) {
    value = make(key);
    cache.set(key, value);
  }
  return value;
}
