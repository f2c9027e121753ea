import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckContext } from '../check.js';
import { createCheckContext } from '../context.js';
import { SAMPLE_PROJECT, tempProject, verifyOne, type TempProject } from '../testing.js';

let ctx: CheckContext;
beforeAll(async () => {
  ctx = await createCheckContext({ root: SAMPLE_PROJECT, tests: false });
});
afterAll(() => ctx.parsed.dispose());

const exists = (manifest: string, pkg: string) => verifyOne(ctx, 'dependency_exists', { manifest, package: pkg });
const version = (manifest: string, pkg: string, constraint: string, c = ctx) => verifyOne(c, 'dependency_version', { manifest, package: pkg, constraint });

describe('dependency_exists', () => {
  it('finds declarations in every supported manifest, citing manifest and lockfile lines', async () => {
    const express = await exists('package.json', 'express');
    expect(express.details).toMatch(/declared in package.json dependencies as \^4.18.0, locked at 4.19.2 in package-lock.json/);
    expect(express.evidence.map((e) => `${e.path}:${e.startLine}`)).toEqual(['package.json:10', 'package-lock.json:21']);
    for (const [manifest, pkg] of [
      ['requirements.txt', 'django'],
      ['pyproject.toml', 'pyjwt'],
      ['pyproject.toml', 'fastapi'],
      ['go.mod', 'github.com/golang-jwt/jwt/v5'],
      ['Cargo.toml', 'tokio'],
      ['pom.xml', 'org.apache.logging.log4j:log4j-core'],
      ['pom.xml', 'jackson-databind'],
    ]) {
      expect((await exists(manifest as string, pkg as string)).verdict, `${manifest} ${pkg}`).toBe('pass');
    }
  });

  it('counts development-only declarations but says so', async () => {
    expect((await exists('package.json', 'vitest')).details).toMatch(/devDependencies \(development only\)/);
    expect((await exists('requirements-dev.txt', 'pytest')).details).toMatch(/development only/);
    expect((await exists('pyproject.toml', 'black')).details).toMatch(/tool\.poetry\.group\.dev\.dependencies \(development only\)/);
    expect((await exists('pom.xml', 'junit-jupiter')).details).toMatch(/scope test.*development only/);
    expect((await exists('Cargo.toml', 'proptest')).details).toMatch(/dev-dependencies \(development only\)/);
  });

  it('fails for an undeclared package, a commented-out one, and an unsupported manifest', async () => {
    expect((await exists('package.json', 'left-pad')).details).toBe('left-pad is not declared in package.json');
    expect((await exists('pom.xml', 'commented-out')).verdict).toBe('fail');
    expect((await exists('go.mod', 'github.com/gin-gonic/gin/extra')).verdict).toBe('fail');
    expect((await exists('build.gradle', 'x')).details).toMatch(/not a supported manifest/);
  });
});

describe('dependency_version', () => {
  it('uses the locked version when a lockfile exists', async () => {
    expect((await version('package.json', 'express', '>=4.17.3')).details).toMatch(/locked at 4.19.2 in package-lock.json/);
    expect((await version('package.json', 'express', '>=4.20.0')).verdict).toBe('fail');
    expect((await version('Cargo.toml', 'serde', '>=1.0.150')).verdict).toBe('pass');
    expect((await version('Cargo.toml', 'ring', '>=0.17.8')).verdict).toBe('fail');
  });

  it('fails when the lockfile contradicts the manifest range', async () => {
    const r = await version('package.json', 'lodash', '>=4.17.0');
    expect(r.verdict).toBe('fail');
    expect(r.details).toBe('package-lock.json locks lodash at 4.17.15, contradicting ^4.17.21 in package.json dependencies');
  });

  it('without a lockfile, needs the whole declared range inside the constraint', async () => {
    expect((await version('requirements.txt', 'requests', '>=2.31')).details).toMatch(/pinned to 2.31.0/);
    expect((await version('requirements.txt', 'flask', '>=2.0')).verdict).toBe('pass');
    expect((await version('requirements.txt', 'flask', '>=2.3.3')).details).toMatch(/admits versions outside/);
    expect((await version('requirements.txt', 'Django', '>=4.2')).details).toMatch(/the declared range any version/);
    expect((await version('pyproject.toml', 'PyJWT', '>=2.8,<3')).verdict).toBe('pass');
    expect((await version('pyproject.toml', 'fastapi', '>=0.110,<0.110.5')).verdict).toBe('fail');
    expect((await version('go.mod', 'github.com/gin-gonic/gin', '>=v1.9.0')).verdict).toBe('pass');
    expect((await version('go.mod', 'github.com/gin-gonic/gin', '>=v1.10.0')).verdict).toBe('fail');
    expect((await version('pom.xml', 'log4j-core', '[2.17.1,)')).verdict).toBe('pass');
    expect((await version('pom.xml', 'jackson-databind', '[2.16,)')).verdict).toBe('pass');
    expect((await version('pom.xml', 'bcprov-jdk18on', '[1.70,)')).verdict).toBe('pass');
    expect((await version('pom.xml', 'bcprov-jdk18on', '[1.78,)')).verdict).toBe('fail');
  });

  it('refuses a constraint the ecosystem cannot read', async () => {
    expect((await version('pom.xml', 'log4j-core', '[2.17')).details).toMatch(/not a valid Maven range/);
    expect((await version('package.json', 'express', 'latest-and-greatest')).details).toMatch(/not a valid npm semver range/);
  });

  describe('other lockfiles and manifests', () => {
    let project: TempProject;
    let c: CheckContext;
    beforeAll(async () => {
      const pkg = (deps: Record<string, string>) => JSON.stringify({ name: 'x', dependencies: deps });
      project = await tempProject({
        'yarn/package.json': pkg({ jose: '^5.0.0' }),
        'yarn/yarn.lock': '# yarn lockfile v1\n\n"jose@^5.0.0", jose@^5.1.0:\n  version "5.2.0"\n  resolved "https://x"\n',
        'pnpm/package.json': pkg({ zod: '^3.22.0' }),
        'pnpm/pnpm-lock.yaml': "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      zod:\n        specifier: ^3.22.0\n        version: 3.22.4(typescript@5.4.0)\n",
        'stale/package.json': pkg({ hono: '^4.0.0' }),
        'stale/package-lock.json': JSON.stringify({ lockfileVersion: 3, packages: {} }),
        'broken/package.json': pkg({ hono: '^4.0.0' }),
        'broken/package-lock.json': '{ "lockfileVersion": 3, ',
        'broken-crate/Cargo.toml': '[dependencies]\nserde = "1"\n',
        'broken-crate/Cargo.lock': '[[package]\nname = "serde"\n',
        'crate/Cargo.toml': '[dependencies]\nserde = { version = "1.0", features = ["derive"] }\n',
        'poetry/pyproject.toml': '[tool.poetry.dependencies]\npython = "^3.11"\nrequests = "^2.31"\n',
        'poetry/poetry.lock': '[[package]]\nname = "requests"\nversion = "2.32.3"\n',
      });
      c = await createCheckContext({ root: project.root, tests: false });
    });
    afterAll(async () => {
      c.parsed.dispose();
      await project.remove();
    });

    it('reads yarn.lock, pnpm-lock.yaml and poetry.lock', async () => {
      expect((await version('yarn/package.json', 'jose', '>=5.2.0', c)).details).toMatch(/locked at 5.2.0 in yarn\/yarn.lock/);
      expect((await version('pnpm/package.json', 'zod', '>=3.22.3', c)).details).toMatch(/locked at 3.22.4 in pnpm\/pnpm-lock.yaml/);
      expect((await version('poetry/pyproject.toml', 'requests', '>=2.32', c)).details).toMatch(/locked at 2.32.3 in poetry\/poetry.lock/);
    });

    it('fails when a lockfile lacks the declared package or cannot be parsed', async () => {
      expect((await version('stale/package.json', 'hono', '>=4', c)).details).toMatch(/has no entry for it \(lockfile out of date\)/);
      expect((await version('broken/package.json', 'hono', '>=4', c)).details).toBe('broken/package-lock.json is not valid JSON; it sits beside broken/package.json');
      expect((await verifyOne(c, 'dependency_exists', { manifest: 'broken-crate/Cargo.toml', package: 'serde' })).details).toMatch(/Cargo.lock is not valid TOML/);
    });

    it('judges a Cargo requirement by caret semantics when there is no Cargo.lock', async () => {
      expect((await version('crate/Cargo.toml', 'serde', '>=1.0.0, <2', c)).verdict).toBe('pass');
      expect((await version('crate/Cargo.toml', 'serde', '>=1.0.100', c)).verdict).toBe('fail');
    });
  });
});
