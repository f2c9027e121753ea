import { describe } from 'vitest';
import { checkCases } from '../code/test-support.js';
import { errorHandled } from './error-handled.js';

const ok = (file: string, fn: string, at: string) => ({ why: `${fn} handles errors`, params: { file, function: fn }, verdict: 'pass' as const, at });
const no = (file: string, fn: string, why: string) => ({ why, params: { file, function: fn }, verdict: 'fail' as const });

describe('error_handled', () => {
  checkCases(errorHandled, [
    ok('ts/errors.ts', 'fetchUser', 'try {'),
    ok('ts/errors.ts', 'loadConfig', ".catch(() => defaults)"),
    ok('ts/errors.ts', 'run', 'try {'),
    { ...no('ts/errors.ts', 'onlyNested', 'a try/catch inside a nested callback belongs to the callback'), details: /no try\/catch or `\.catch\(…\)` in its own body/ },
    no('ts/errors.ts', 'onlyFinally', 'try/finally without catch handles nothing'),
    no('ts/calls.ts', 'register', 'no handling at all'),
    ok('py/app.py', 'fetch_user', 'try:'),
    no('py/app.py', 'nested_only', 'try/except inside a nested def'),
    no('py/app.py', 'create_user', 'no try/except'),
    ok('go/server.go', 'Server.Start', 'if err := http.ListenAndServe'),
    ok('go/server.go', 'Server.handleUser', 'if err != nil'),
    ok('go/server.go', 'guarded', 'defer func()'),
    { ...no('go/server.go', 'spawn', 'an err check inside a goroutine literal'), details: /`if err != nil` check/ },
    no('go/server.go', 'CreateOrder', 'a Go function that returns errors but never checks one'),
    no('go/ignored_errors.go', 'Ignore', 'an `if err == nil {}` that does nothing with the error'),
    ok('go/ignored_errors.go', 'UseOrReport', 'err == nil'),
    ok('java/UserController.java', 'load', 'try {'),
    no('java/UserController.java', 'later', 'a try/catch inside a lambda'),
    no('java/UserController.java', 'find', 'no try/catch'),
  ]);
});
