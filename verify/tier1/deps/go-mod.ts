import type { SafeFile } from '../check.js';
import type { Declaration, ManifestRead } from './manifest-types.js';

/**
 * go.mod: `require` lines (single or block) pin exact minimum versions (minimal version
 * selection), so the manifest is its own lock. A `replace` to another version wins; a
 * replacement by a local directory has no version at all.
 */
export function readGoMod(file: SafeFile): ManifestRead {
  const declarations: Declaration[] = [];
  const replacements = new Map<string, { target: string; line: number }>();
  let block: 'require' | 'replace' | undefined;
  file.text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/\/\/.*$/, '').trim();
    const indirect = /\/\/\s*indirect/.test(raw);
    if (line === ')') {
      block = undefined;
      return;
    }
    const opener = /^(require|replace)\s*\($/.exec(line);
    if (opener) {
      block = opener[1] as 'require' | 'replace';
      return;
    }
    const single = /^(require|replace)\s+(.+)$/.exec(line);
    const kind = single ? single[1] : block;
    const body = single ? (single[2] as string) : line;
    if (kind === 'require') {
      const m = /^(\S+)\s+(v\S+)$/.exec(body);
      if (m) declarations.push({ name: m[1] as string, requirement: m[2] as string, section: indirect ? 'require (indirect)' : 'require', dev: false, line: index + 1 });
    } else if (kind === 'replace') {
      const m = /^(\S+)(?:\s+v\S+)?\s*=>\s*(\S+)(?:\s+(v\S+))?$/.exec(body);
      if (m) replacements.set(m[1] as string, { target: m[3] ?? `local:${m[2]}`, line: index + 1 });
    }
  });
  for (const d of declarations) {
    const replaced = replacements.get(d.name);
    if (!replaced) continue;
    d.requirement = replaced.target;
    d.section = `${d.section}, replaced at line ${replaced.line}`;
  }
  return {
    ok: true,
    manifest: { ecosystem: 'go', file, find: (pkg) => declarations.filter((d) => d.name === pkg), lockfile: undefined, pinsExactly: true },
  };
}
