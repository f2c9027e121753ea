import type { SourceFile, ts } from 'ts-morph';
import { Project, typescript } from './ts-morph.js';
import type { SafeFile, SyntaxErrorRegion } from '../check.js';

/**
 * One in-memory ts-morph project per run: files are added from text already read (never from
 * disk), nothing is resolved, no lib files are loaded and the type-checker is never asked for,
 * so the cost of a file is the TypeScript parser alone. The run drops the whole project when it ends.
 */
export interface TypeScriptProject {
  parse(file: SafeFile): { sourceFile: SourceFile; syntaxErrors: SyntaxErrorRegion[] };
}

export function createTypeScriptProject(): TypeScriptProject {
  let project: Project | undefined;
  const open = (): Project =>
    (project ??= new Project({
      useInMemoryFileSystem: true,
      skipAddingFilesFromTsConfig: true,
      skipFileDependencyResolution: true,
      skipLoadingLibFiles: true,
      compilerOptions: { allowJs: true, jsx: typescript.JsxEmit.Preserve, noLib: true, noResolve: true },
    }));
  return {
    parse(file) {
      const sourceFile = open().createSourceFile(`/${file.path}`, file.text, { overwrite: true });
      return { sourceFile, syntaxErrors: syntaxErrorsOf(sourceFile) };
    },
  };
}

/**
 * The parser's own diagnostics. ts-morph exposes them only through a Program (which would bind
 * every file), so this reads the `parseDiagnostics` the TypeScript parser stores on each file.
 */
function syntaxErrorsOf(sourceFile: SourceFile): SyntaxErrorRegion[] {
  const node = sourceFile.compilerNode as ts.SourceFile & { parseDiagnostics?: readonly ts.Diagnostic[] };
  return (node.parseDiagnostics ?? []).map((d) => {
    const start = d.start ?? 0;
    return {
      startLine: node.getLineAndCharacterOfPosition(start).line + 1,
      endLine: node.getLineAndCharacterOfPosition(start + (d.length ?? 0)).line + 1,
      message: typescript.flattenDiagnosticMessageText(d.messageText, ' '),
    };
  });
}
