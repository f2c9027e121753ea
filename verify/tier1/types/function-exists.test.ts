import { describe } from 'vitest';
import { checkCases } from '../code/test-support.js';
import { functionExists } from './function-exists.js';

const ok = (file: string, name: string, at: string) => ({ why: `${file} declares ${name}`, params: { file, name }, verdict: 'pass' as const, at });
const no = (file: string, name: string, why: string) => ({ why, params: { file, name }, verdict: 'fail' as const });

describe('function_exists', () => {
  checkCases(functionExists, [
    ok('ts/functions.ts', 'authenticate', 'export function authenticate'),
    ok('ts/functions.ts', 'hashPassword', 'const hashPassword = async'),
    ok('ts/functions.ts', 'verifyToken', 'let verifyToken = function'),
    ok('ts/functions.ts', 'SessionStore.get', '@Memoize()'),
    ok('ts/functions.ts', 'SessionStore.create', 'static create()'),
    ok('ts/functions.ts', 'SessionStore.rotate', 'private rotate = () =>'),
    ok('ts/functions.ts', 'users.list', 'list() {'),
    ok('ts/functions.ts', 'api.remove', 'remove: (id: string)'),
    ok('ts/functions.ts', 'inner', 'function inner()'),
    ok('ts/legacy.js', 'Router.handle', 'Router.prototype.handle'),
    ok('ts/legacy.js', 'middleware', 'exports.middleware'),
    ok('ts/legacy.js', 'Widget.render', 'render() {}'),
    no('ts/functions.ts', 'login', 'a name in a comment is not a declaration'),
    no('ts/functions.ts', 'resetPassword', 'a name in a string is not a declaration'),
    no('ts/functions.ts', 'sendEmail', 'a call site is not a declaration'),
    no('ts/functions.ts', 'Other.get', 'a method of another class does not count'),
    { ...no('ts/functions.ts', 'Config', 'an interface is not a function'), details: /no function or method `Config`/ },
    ok('py/app.py', 'create_user', '@app.route'),
    ok('py/app.py', 'fetch_user', 'async def fetch_user'),
    ok('py/app.py', 'CreateUser.describe', 'def describe(self)'),
    ok('py/app.py', 'Worker.step', 'def step(self, job)'),
    ok('py/app.py', 'inner', 'def inner()'),
    no('py/app.py', 'login', 'a Python comment is not a declaration'),
    no('py/app.py', 'reset_password', 'a Python string is not a declaration'),
    no('py/app.py', 'login_required', 'a decorator use and a call are not declarations'),
    no('py/app.py', 'Worker.describe', 'describe belongs to CreateUser, not Worker'),
    ok('go/server.go', 'NewServer', 'func NewServer()'),
    ok('go/server.go', 'Server.Start', 'func (s *Server) Start'),
    ok('go/server.go', 'Server.Name', 'func (s Server) Name'),
    ok('go/server.go', 'healthCheck', 'var healthCheck = func'),
    no('go/server.go', 'Login', 'a Go comment is not a declaration'),
    no('go/server.go', 'ResetPassword', 'a Go string and a call are not declarations'),
    no('go/server.go', 'Config.Start', 'Start is a method of Server'),
    ok('java/UserController.java', 'UserController.find', '@GetMapping'),
    ok('java/UserController.java', 'Inner.ping', 'void ping()'),
    ok('java/UserController.java', 'remove', 'public User remove'),
    no('java/UserController.java', 'login', 'a Java comment is not a declaration'),
    no('java/UserController.java', 'resetPassword', 'a Java string is not a declaration'),
    no('java/UserController.java', 'audit', 'an interface method without a body declares nothing that runs'),
    ok('ts/broken.ts', 'fine', 'export function fine'),
    { ...no('ts/broken.ts', 'broken', 'a declaration the parser could not read'), details: /syntax error at line 6/ },
    ok('py/broken.py', 'fine', 'def fine'),
    { ...no('py/broken.py', 'broken', 'a Python declaration inside an error region'), details: /line 5 inside it has a syntax error/ },
    { ...no('go/broken.go', 'Broken', 'a Go declaration inside an error region'), details: /syntax error/ },
    ok('java/Broken.java', 'fine', 'public int fine'),
    { ...no('ts/missing.ts', 'x', 'a missing file fails with a reason'), details: /missing\.ts/ },
    { ...no('py/settings.py', 'x', 'nothing declared'), details: /no function or method `x`/ },
    { ...no('README.md', 'x', 'an unsupported file type'), details: /no parser|not/ },
  ]);
});
