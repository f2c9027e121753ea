import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import { parse as parseYaml } from 'yaml';
import type { CheckContext, SafeFile } from '../check.js';
import { lineAt } from '../lines.js';
import { siblingFile, type Declaration, type LockedVersion, type Lockfile, type ManifestRead } from './manifest-types.js';
import { parseYarnLock } from './yarn-lock.js';

const SECTIONS = [
  ['dependencies', false],
  ['optionalDependencies', false],
  ['peerDependencies', false],
  ['devDependencies', true],
] as const;

export async function readPackageJson(ctx: CheckContext, file: SafeFile): Promise<ManifestRead> {
  const tree = parseJson(file);
  if (!tree) return { ok: false, reason: `${file.path} is not valid JSON` };
  const declarations: Declaration[] = [];
  for (const [section, dev] of SECTIONS) {
    const node = findNodeAtLocation(tree, [section]);
    for (const prop of node?.type === 'object' ? (node.children ?? []) : []) {
      const [key, value] = prop.children ?? [];
      if (typeof key?.value !== 'string') continue;
      declarations.push({ name: key.value, requirement: String(value?.value ?? ''), section, dev, line: lineAt(file, prop.offset) });
    }
  }
  const lock = await siblingFile(ctx, file.path, ['package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'yarn.lock']);
  if (!lock.ok) return lock;
  return {
    ok: true,
    manifest: {
      ecosystem: 'npm',
      file,
      find: (pkg) => declarations.filter((d) => d.name === pkg),
      lockfile: lock.file ? npmLockfile(lock.file) : undefined,
    },
  };
}

function parseJson(file: SafeFile): Node | undefined {
  const errors: unknown[] = [];
  const tree = parseTree(file.text, errors as never, { allowTrailingComma: true });
  return errors.length === 0 ? tree : undefined;
}

function npmLockfile(file: SafeFile): Lockfile {
  if (file.path.endsWith('yarn.lock')) {
    const entries = parseYarnLock(file.text);
    return {
      file,
      lookup: (d) => {
        const ofName = entries.filter((e) => e.descriptors.some((x) => x.name === d.name));
        const exact = ofName.filter((e) => e.descriptors.some((x) => x.name === d.name && x.range === d.requirement));
        return (exact.length > 0 ? exact : ofName).map((e) => ({ version: e.version, line: e.line }));
      },
    };
  }
  if (file.path.endsWith('pnpm-lock.yaml')) return pnpmLockfile(file);
  const tree = parseJson(file);
  return {
    file,
    ...(tree ? {} : { problem: `${file.path} is not valid JSON` }),
    lookup: (d) => {
      if (!tree) return [];
      // lockfileVersion 2/3 key packages by install path; version 1 nests `dependencies`.
      const node = findNodeAtLocation(tree, ['packages', `node_modules/${d.name}`, 'version']) ?? findNodeAtLocation(tree, ['dependencies', d.name, 'version']);
      return typeof node?.value === 'string' ? [{ version: node.value, line: lineAt(file, node.offset) }] : [];
    },
  };
}

function pnpmLockfile(file: SafeFile): Lockfile {
  let doc: Record<string, unknown> = {};
  let problem: string | undefined;
  try {
    doc = (parseYaml(file.text) ?? {}) as Record<string, unknown>;
  } catch (error) {
    problem = `${file.path} is not valid YAML: ${(error as Error).message.split('\n')[0]}`;
  }
  const importers = doc.importers as Record<string, Record<string, unknown>> | undefined;
  const root = importers?.['.'] ?? doc;
  return {
    file,
    ...(problem ? { problem } : {}),
    lookup: (d): LockedVersion[] => {
      const entry = (root[d.section] as Record<string, unknown> | undefined)?.[d.name];
      const raw = typeof entry === 'string' ? entry : (entry as { version?: unknown } | undefined)?.version;
      if (typeof raw !== 'string') return [];
      // Peer-dependency suffixes: `1.2.3(react@18.0.0)` (v6+) and `1.2.3_react@18.0.0` (v5).
      const version = raw.replace(/\(.*$/, '').replace(/_.*$/, '');
      const line = file.text.split('\n').findIndex((l) => new RegExp(`^\\s+'?${escape(d.name)}'?:`).test(l));
      return [{ version, line: line >= 0 ? line + 1 : undefined }];
    },
  };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
