import { describe } from 'vitest';
import { checkCases } from '../code/test-support.js';
import { functionCalls } from './function-calls.js';

const ok = (file: string, caller: string, callee: string, at: string) => ({
  why: `${caller} calls ${callee}`,
  params: { file, caller, callee },
  verdict: 'pass' as const,
  at,
});
const no = (file: string, caller: string, callee: string, why: string) => ({ why, params: { file, caller, callee }, verdict: 'fail' as const });

describe('function_calls', () => {
  checkCases(functionCalls, [
    ok('ts/calls.ts', 'register', 'insert', 'db.users.insert(body)'),
    ok('ts/calls.ts', 'register', 'db.users.insert', 'db.users.insert(body)'),
    ok('ts/calls.ts', 'register', 'log', 'audit.log(item)'),
    ok('ts/calls.ts', 'register', 'Response', 'new Response('),
    no('ts/calls.ts', 'register', 'sanitize', 'a call in another function or a comment does not count'),
    no('ts/calls.ts', 'register', 'other.insert', 'the receiver must match when given'),
    { ...no('ts/calls.ts', 'missing', 'x', 'an unknown caller'), details: /no function or method `missing`/ },
    ok('ts/functions.ts', 'SessionStore.create', 'SessionStore', 'new SessionStore()'),
    ok('py/app.py', 'create_user', 'CreateUser', 'CreateUser(**payload)'),
    ok('py/app.py', 'Worker.run', 'step', 'self.step(job)'),
    no('py/app.py', 'Worker.run', 'compute_steps', 'a class-level call after the method, at the indentation of its inner block'),
    no('py/app.py', 'outer_check', 'sanitize', 'a call after the function ends, indented under a module-level if'),
    { ...no('py/app.py', 'unrelated', 'login_required', 'a module-level call after the function'), details: /makes no calls/ },
    ok('go/server.go', 'Server.handleUser', 'Set', 'w.Header().Set("X-Frame-Options"'),
    ok('go/server.go', 'Server.handleUser', 'strconv.Atoi', 'strconv.Atoi'),
    ok('go/server.go', 'NewServer', 'Use', 's.router.Use(mw.Logger)'),
    no('go/server.go', 'Server.Start', 'ResetPassword', 'a call in main, not in Start'),
    ok('java/UserController.java', 'find', 'requireNonNull', 'Objects.requireNonNull(id'),
    ok('java/UserController.java', 'rename', 'IllegalArgumentException', 'new IllegalArgumentException'),
    no('java/UserController.java', 'remove', 'requireNonNull', 'a call in the neighbouring method'),
  ]);
});
