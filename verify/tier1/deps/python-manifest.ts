import path from 'node:path';
import type { CheckContext, SafeFile } from '../check.js';
import { siblingFile, type Declaration, type Lockfile, type ManifestRead } from './manifest-types.js';
import { asArray, parseTomlFile, table, type Table } from './toml.js';

/** PEP 503 name normalisation: `Foo_Bar.baz` and `foo-bar-baz` are one project. */
export const normalisePyName = (name: string) => name.toLowerCase().replace(/[-_.]+/g, '-');

const DEV_GROUP = /dev|test|lint|doc|typing|check/i;

/** A PEP 508 requirement: `name[extra] >=1.0,<2 ; marker`. */
export function parsePep508(text: string): { name: string; requirement: string } | undefined {
  const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(?:\(([^)]*)\)|([^;]*))/.exec(text);
  if (!m) return undefined;
  return { name: m[1] as string, requirement: (m[2] ?? m[3] ?? '').trim() };
}

export function readRequirementsTxt(_ctx: CheckContext, file: SafeFile): ManifestRead {
  const declarations: Declaration[] = [];
  const dev = DEV_GROUP.test(path.posix.basename(file.path));
  const lines = file.text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    let text = (lines[i] as string).replace(/(^|\s)#.*$/, '');
    const start = i;
    while (text.endsWith('\\') && i + 1 < lines.length) text = text.slice(0, -1) + (lines[++i] as string).replace(/(^|\s)#.*$/, '');
    // Options (-r, -e, --hash, --index-url …) and URLs are not name/version requirements.
    if (text.trim() === '' || text.trim().startsWith('-')) continue;
    const req = parsePep508(text.replace(/\s--hash=\S+/g, ''));
    if (req) declarations.push({ ...req, section: path.posix.basename(file.path), dev, line: start + 1 });
  }
  return { ok: true, manifest: { ecosystem: 'pypi', file, find: findIn(declarations), lockfile: undefined } };
}

export async function readPyproject(ctx: CheckContext, file: SafeFile): Promise<ManifestRead> {
  const parsed = parseTomlFile(file);
  if (!parsed.ok) return parsed;
  const { doc } = parsed;
  const declarations: Declaration[] = [];
  const add = (entry: unknown, section: string, dev: boolean) => {
    const req = typeof entry === 'string' ? parsePep508(entry) : undefined;
    if (req) declarations.push({ ...req, section, dev, line: lineOf(file.text, req.name) });
  };
  const project = table(doc.project);
  for (const entry of asArray(project.dependencies)) add(entry, 'project.dependencies', false);
  for (const [group, list] of Object.entries(table(project['optional-dependencies']))) {
    for (const entry of asArray(list)) add(entry, `project.optional-dependencies.${group}`, DEV_GROUP.test(group));
  }
  for (const [group, list] of Object.entries(table(doc['dependency-groups']))) {
    for (const entry of asArray(list)) add(entry, `dependency-groups.${group}`, true);
  }
  for (const entry of asArray(table(table(doc.tool).uv)['dev-dependencies'])) add(entry, 'tool.uv.dev-dependencies', true);

  const poetry = table(table(doc.tool).poetry);
  const poetrySections: Array<[string, Table, boolean]> = [
    ['tool.poetry.dependencies', table(poetry.dependencies), false],
    ['tool.poetry.dev-dependencies', table(poetry['dev-dependencies']), true],
    ...Object.entries(table(poetry.group)).map(([g, t]): [string, Table, boolean] => [`tool.poetry.group.${g}.dependencies`, table(table(t).dependencies), g !== 'main']),
  ];
  for (const [section, deps, dev] of poetrySections) {
    for (const [name, spec] of Object.entries(deps)) {
      if (name === 'python') continue;
      const requirement = typeof spec === 'string' ? spec : String(table(spec).version ?? '');
      declarations.push({ name, requirement, section, dev, line: lineOf(file.text, name) });
    }
  }
  const lock = await siblingFile(ctx, file.path, ['poetry.lock', 'uv.lock', 'pdm.lock']);
  if (!lock.ok) return lock;
  return { ok: true, manifest: { ecosystem: 'pypi', file, find: findIn(declarations), lockfile: lock.file ? tomlPackageLock(lock.file, normalisePyName) : undefined } };
}

const findIn = (declarations: Declaration[]) => (pkg: string) => declarations.filter((d) => normalisePyName(d.name) === normalisePyName(pkg));

/** `[[package]] name = … version = …` lockfiles: poetry.lock, uv.lock, pdm.lock, Cargo.lock. */
export function tomlPackageLock(file: SafeFile, normalise: (name: string) => string): Lockfile {
  const parsed = parseTomlFile(file);
  const packages = parsed.ok ? asArray(parsed.doc.package).map(table) : [];
  return {
    file,
    ...(parsed.ok ? {} : { problem: parsed.reason }),
    lookup: (d) =>
      packages
        .filter((p) => typeof p.name === 'string' && normalise(p.name) === normalise(d.name) && typeof p.version === 'string')
        .map((p) => ({ version: p.version as string, line: lineOf(file.text, p.name as string, 'name\\s*=\\s*"') })),
  };
}

/** First line naming the package: `name =`, `"name>=1"`, `name = "…"` (lockfiles pass a prefix). */
export function lineOf(text: string, name: string, prefix = `(^\\s*|["'])`): number | undefined {
  const esc = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`${prefix}${esc}(["'\\s<>=!~;\\[]|$)`, 'i');
  const index = text.split('\n').findIndex((l) => re.test(l));
  return index >= 0 ? index + 1 : undefined;
}
