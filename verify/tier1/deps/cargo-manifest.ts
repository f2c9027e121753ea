import type { CheckContext, SafeFile } from '../check.js';
import { siblingFile, type Declaration, type ManifestRead } from './manifest-types.js';
import { lineOf, tomlPackageLock } from './python-manifest.js';
import { parseTomlFile, table, type Table } from './toml.js';

const KINDS = [
  ['dependencies', false],
  ['build-dependencies', false],
  ['dev-dependencies', true],
] as const;

/** Crate names treat `-` and `_` alike. */
const crateKey = (name: string) => name.replace(/_/g, '-');

export async function readCargoToml(ctx: CheckContext, file: SafeFile): Promise<ManifestRead> {
  const parsed = parseTomlFile(file);
  if (!parsed.ok) return parsed;
  const { doc } = parsed;
  const workspaceDeps = table(table(doc.workspace).dependencies);
  const declarations: Declaration[] = [];
  const collect = (holder: Table, prefix: string) => {
    for (const [kind, dev] of KINDS) {
      for (const [key, spec] of Object.entries(table(holder[kind]))) {
        const t = table(spec);
        const inherited = t.workspace === true ? workspaceDeps[key] : undefined;
        const source = inherited ?? spec;
        const requirement = typeof source === 'string' ? source : String(table(source).version ?? '');
        const name = typeof t.package === 'string' ? t.package : key;
        declarations.push({ name, requirement, section: `${prefix}${kind}${inherited ? ' (from workspace)' : ''}`, dev, line: lineOf(file.text, key) });
      }
    }
  };
  collect(doc, '');
  for (const [target, body] of Object.entries(table(doc.target))) collect(table(body), `target.${target}.`);
  collect({ dependencies: workspaceDeps }, 'workspace.');

  const lock = await siblingFile(ctx, file.path, ['Cargo.lock']);
  if (!lock.ok) return lock;
  return {
    ok: true,
    manifest: {
      ecosystem: 'cargo',
      file,
      find: (pkg) => declarations.filter((d) => crateKey(d.name) === crateKey(pkg)),
      lockfile: lock.file ? tomlPackageLock(lock.file, crateKey) : undefined,
    },
  };
}
