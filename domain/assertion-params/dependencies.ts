import { defineParams, text } from './define.js';

// SPEC §4 rows 18–19: dependencies declared in manifests and locked in lockfiles.

const MANIFEST = text('Project-relative manifest path, e.g. "package.json", "go.mod", "pom.xml".');
const PACKAGE = text('Package name as the ecosystem spells it.');

export const dependencyExists = defineParams('dependency_exists', { manifest: MANIFEST, package: PACKAGE }, {
  summary: 'the package is declared (manifest or its lockfile)',
  paths: { manifest: 'manifest' },
});

export const dependencyVersion = defineParams(
  'dependency_version',
  { manifest: MANIFEST, package: PACKAGE, constraint: text('Version constraint in the ecosystem\'s syntax, e.g. ">=9.0.0".') },
  { summary: 'locked or declared version satisfies constraint', paths: { manifest: 'manifest' } },
);
