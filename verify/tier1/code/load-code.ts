import type { CheckContext } from '../check.js';
import type { CodeFile } from './facts.js';
import { goCode } from './go/go-code.js';
import { javaCode } from './java/java-code.js';
import { jsCode } from './js/js-code.js';
import { pythonCode } from './python/python-code.js';

export type CodeLoad = { ok: true; code: CodeFile } | { ok: false; reason: string };

/** Facts are kept per parse object, so every assertion on a file in a run shares them. */
const byParse = new WeakMap<object, CodeFile>();

function remember(key: object, make: () => CodeFile): CodeFile {
  let code = byParse.get(key);
  if (!code) {
    code = make();
    byParse.set(key, code);
  }
  return code;
}

export async function loadCode(ctx: CheckContext, path: string): Promise<CodeLoad> {
  const language = ctx.parsed.languageOf(path);
  if (language === 'typescript' || language === 'javascript') {
    const parse = await ctx.parsed.typescript(path);
    if (!parse.ok) return parse;
    return { ok: true, code: remember(parse.sourceFile, () => jsCode(parse, language)) };
  }
  if (language === 'python' || language === 'go' || language === 'java') {
    const parse = await ctx.parsed.tree(path);
    if (!parse.ok) return parse;
    const build = { python: pythonCode, go: goCode, java: javaCode }[parse.language];
    return { ok: true, code: remember(parse.tree, () => build(parse)) };
  }
  return { ok: false, reason: `${path}: no parser for this kind of file (TypeScript, JavaScript, Python, Go and Java are supported)` };
}
