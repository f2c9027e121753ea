#!/usr/bin/env node
// The packaged CLI: plain JavaScript built ahead of time (`npm run build`), no loader at start,
// and V8's compiled code kept between starts (verify/compile-cache.ts). `--version`, a CI job's
// first step, answers before the compile cache or the command table loads.
const { asksOnlyVersion, versionLine } = await import('../verify/version.js');
if (asksOnlyVersion(process.argv.slice(2))) {
  process.stdout.write(`${versionLine()}\n`);
} else {
  const { defaultCacheDir, installCompileCache } = await import('../verify/compile-cache.js');
  installCompileCache(defaultCacheDir(process.env));
  await import('../verify/main.js');
}
