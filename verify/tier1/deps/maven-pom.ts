import type { SafeFile } from '../check.js';
import { lineAt } from '../lines.js';
import type { Declaration, ManifestRead } from './manifest-types.js';
import { child, childText, parseXml, type XmlElement } from './xml.js';

/**
 * pom.xml: `<dependencies>` of the project, versions taken from the dependency or from
 * `<dependencyManagement>`, `${property}` references resolved from `<properties>`.
 * Test-scoped dependencies count as declared, flagged as dev.
 */
export function readPomXml(file: SafeFile): ManifestRead {
  const project = parseXml(file.text);
  if (!project || project.name !== 'project') return { ok: false, reason: `${file.path} is not a readable Maven POM` };
  const properties = new Map<string, string>();
  for (const p of child(project, 'properties')?.children ?? []) properties.set(p.name, p.text.trim());
  const projectVersion = childText(project, 'version') ?? childText(child(project, 'parent'), 'version');
  if (projectVersion) properties.set('project.version', projectVersion);
  const resolve = (value: string, depth = 0): string =>
    depth > 5 ? value : value.replace(/\$\{([^}]+)\}/g, (whole, key: string) => (properties.has(key) ? resolve(properties.get(key) as string, depth + 1) : whole));

  const managed = new Map<string, string>();
  for (const dep of dependenciesOf(child(project, 'dependencyManagement'))) {
    const version = childText(dep, 'version');
    if (version) managed.set(coordinate(dep), resolve(version));
  }
  const declarations: Declaration[] = dependenciesOf(project).map((dep) => {
    const key = coordinate(dep);
    const own = childText(dep, 'version');
    const scope = childText(dep, 'scope') ?? 'compile';
    return {
      name: key,
      requirement: own ? resolve(own) : (managed.get(key) ?? ''),
      section: `dependencies (scope ${scope}${own ? '' : ', version from dependencyManagement'})`,
      dev: scope === 'test',
      line: lineAt(file, dep.offset),
    };
  });
  return {
    ok: true,
    manifest: {
      ecosystem: 'maven',
      file,
      // `group:artifact`, or just `artifact` when that is unambiguous.
      find: (pkg) => declarations.filter((d) => d.name === pkg || (!pkg.includes(':') && d.name.endsWith(`:${pkg}`))),
      lockfile: undefined,
    },
  };
}

function dependenciesOf(holder: XmlElement | undefined): XmlElement[] {
  return (child(holder, 'dependencies')?.children ?? []).filter((c) => c.name === 'dependency');
}

const coordinate = (dep: XmlElement) => `${childText(dep, 'groupId') ?? ''}:${childText(dep, 'artifactId') ?? ''}`;
