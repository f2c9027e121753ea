#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx's loader: a fresh clone needs no build.
import { register } from 'tsx/esm/api';

register();
await import('../verify/main.ts');
