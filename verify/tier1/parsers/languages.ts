import type { SourceLanguage } from '../check.js';

const BY_EXTENSION: Record<string, SourceLanguage> = {
  '.ts': 'typescript',
  '.tsx': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.js': 'javascript',
  '.jsx': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.py': 'python',
  '.pyi': 'python',
  '.go': 'go',
  '.java': 'java',
};

/** Language of a project-relative path by its extension (declaration files included: they are TypeScript). */
export function languageOf(path: string): SourceLanguage | undefined {
  const slash = path.lastIndexOf('/');
  const dot = path.lastIndexOf('.');
  if (dot <= slash + 1) return undefined;
  return BY_EXTENSION[path.slice(dot).toLowerCase()];
}
