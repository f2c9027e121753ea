#!/usr/bin/env node
// The packaged CLI: plain JavaScript built ahead of time (`npm run build`), no loader at start,
// and V8's compiled code kept between starts (verify/compile-cache.ts).
const { defaultCacheDir, installCompileCache } = await import('../verify/compile-cache.js');
installCompileCache(defaultCacheDir(process.env));
await import('../verify/main.js');
