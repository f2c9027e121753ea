#!/usr/bin/env node
// The packaged CLI: plain JavaScript built ahead of time (`npm run build`), no loader at start.
await import('../verify/main.js');
