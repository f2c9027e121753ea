export interface YarnEntry {
  descriptors: Array<{ name: string; range: string }>;
  version: string;
  line: number;
}

/**
 * yarn.lock, classic (v1) and Berry (YAML) alike: an unindented line lists the
 * descriptors (`"a@^1.0.0", a@^1.2.0:`), an indented `version` line follows.
 */
export function parseYarnLock(text: string): YarnEntry[] {
  const entries: YarnEntry[] = [];
  let pending: { descriptors: YarnEntry['descriptors']; line: number } | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    if (/^[^\s#].*:\s*$/.test(raw)) {
      pending = { descriptors: raw.replace(/:\s*$/, '').split(',').map((d) => descriptor(d.trim().replace(/^"|"$/g, ''))), line: index + 1 };
      return;
    }
    const version = /^\s+version:?\s+"?([^"\s]+)"?\s*$/.exec(raw);
    if (version && pending) {
      entries.push({ ...pending, version: version[1] as string });
      pending = undefined;
    }
  });
  return entries;
}

function descriptor(text: string): { name: string; range: string } {
  const at = text.indexOf('@', text.startsWith('@') ? 1 : 0);
  if (at === -1) return { name: text, range: '' };
  return { name: text.slice(0, at), range: text.slice(at + 1).replace(/^npm:/, '') };
}
