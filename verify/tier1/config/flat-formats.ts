/** One `key=value` line of a flat config file, with its 1-based line. */
export interface FlatEntry {
  key: string;
  value: string;
  line: number;
}

/** .env: `KEY=value`, optional `export`, quotes, `#` comments. Later keys win, as in dotenv. */
export function parseDotenv(text: string): Map<string, FlatEntry> {
  const entries = new Map<string, FlatEntry>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(raw);
    if (!m) return;
    entries.set(m[1] as string, { key: m[1] as string, value: unquote(m[2] as string), line: index + 1 });
  });
  return entries;
}

function unquote(raw: string): string {
  const v = raw.trim();
  const quoted = /^(["'`])(.*)\1/.exec(v);
  if (quoted) return quoted[1] === '"' ? (quoted[2] as string).replace(/\\n/g, '\n') : (quoted[2] as string);
  return v.replace(/\s+#.*$/, '');
}

/** Java .properties: `key=value`, `key: value` or `key value`, `\` line continuations, `#`/`!` comments. */
export function parseProperties(text: string): Map<string, FlatEntry> {
  const entries = new Map<string, FlatEntry>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let logical = (lines[i] as string).replace(/^\s+/, '');
    if (logical === '' || logical.startsWith('#') || logical.startsWith('!')) continue;
    while (/(^|[^\\])(\\\\)*\\$/.test(logical) && i + 1 < lines.length) {
      logical = logical.slice(0, -1) + (lines[++i] as string).replace(/^\s+/, '');
    }
    const m = /^((?:\\.|[^=:\s\\])+)\s*[=:\s]\s*(.*)$/.exec(logical) ?? /^((?:\\.|[^=:\s\\])+)$/.exec(logical);
    if (!m) continue;
    const key = (m[1] as string).replace(/\\(.)/g, '$1');
    entries.set(key, { key, value: (m[2] ?? '').replace(/\\(.)/g, '$1'), line: start + 1 });
  }
  return entries;
}
