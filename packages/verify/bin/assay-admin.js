#!/usr/bin/env node
// The packaged key-management CLI: plain JavaScript built ahead of time (`npm run build`).
await import('../admin/main.js');
