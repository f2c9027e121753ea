import { describe } from 'vitest';
import { checkCases } from '../code/test-support.js';
import { classExists } from './class-exists.js';

const ok = (file: string, name: string, at: string) => ({ why: `${file} declares ${name}`, params: { file, name }, verdict: 'pass' as const, at });
const no = (file: string, name: string, why: string) => ({ why, params: { file, name }, verdict: 'fail' as const });

describe('class_exists', () => {
  checkCases(classExists, [
    ok('ts/functions.ts', 'SessionStore', 'export class SessionStore'),
    ok('ts/legacy.js', 'Widget', 'const Widget = class'),
    ok('ts/controller.ts', 'UserController', "@Controller('users')"),
    no('ts/functions.ts', 'Config', 'a TypeScript interface is not a class'),
    no('ts/functions.ts', 'api', 'an object literal is not a class'),
    no('ts/functions.ts', 'Router', 'a class named only elsewhere'),
    ok('py/app.py', 'CreateUser', 'class CreateUser(BaseModel)'),
    ok('py/app.py', 'Worker', 'class Worker'),
    no('py/app.py', 'create_user', 'a Python function is not a class'),
    no('py/tests/test_auth.py', 'test_fake_in_string', 'a name in a string'),
    ok('go/server.go', 'Server', 'type Server struct'),
    ok('go/server.go', 'Config', 'type Config = struct'),
    { ...no('go/server.go', 'Handler', 'a Go interface is not a struct'), details: /no struct type named `Handler`/ },
    ok('java/UserController.java', 'UserController', '@RestController'),
    ok('java/UserController.java', 'UserController.Inner', 'static class Inner'),
    ok('java/UserController.java', 'UserDto', 'record UserDto'),
    ok('java/UserController.java', 'Role', 'enum Role'),
    { ...no('java/UserController.java', 'Auditable', 'a Java interface is not a class, record or enum'), details: /class, record or enum/ },
    ok('java/Broken.java', 'Broken', 'public class Broken'),
  ]);
});
