import { describe } from 'vitest';
import { checkCases } from '../code/test-support.js';
import { decoratorPresent } from './decorator-present.js';

const ok = (file: string, decorator: string, target: string, at: string) => ({
  why: `${target} carries ${decorator}`,
  params: { file, decorator, target },
  verdict: 'pass' as const,
  at,
});
const no = (file: string, decorator: string, target: string, why: string) => ({ why, params: { file, decorator, target }, verdict: 'fail' as const });

describe('decorator_present', () => {
  checkCases(decoratorPresent, [
    ok('ts/controller.ts', 'Controller', 'UserController', "@Controller('users')"),
    ok('ts/controller.ts', '@Get', 'UserController.find', "@Get(':id')"),
    ok('ts/controller.ts', 'UseGuards', 'create', '@UseGuards(AuthGuard)'),
    ok('ts/controller.ts', 'Post()', 'UserController.create', '@Post()'),
    ok('ts/functions.ts', 'Memoize', 'SessionStore.get', '@Memoize()'),
    no('ts/controller.ts', 'Get', 'UserController.remove', 'the decorator of the neighbouring method does not count'),
    { ...no('ts/controller.ts', 'Injectable', 'UserController', 'a decorator the class does not carry'), details: /carries @Controller but not @Injectable/ },
    { ...no('ts/controller.ts', 'Get', 'Missing.find', 'an unknown target'), details: /no function, method or class/ },
    ok('py/app.py', 'app.route', 'create_user', '@app.route("/users"'),
    ok('py/app.py', 'route', 'create_user', '@app.route("/users"'),
    ok('py/app.py', 'login_required', 'profile', '@login_required'),
    no('py/app.py', 'app.route', 'unrelated', 'the decorator above the previous function does not count'),
    no('py/app.py', 'login_required', 'fetch_user', 'the decorator of the neighbouring function does not count'),
    no('py/app.py', 'other.route', 'create_user', 'a different dotted decorator'),
    ok('py/tests/test_auth.py', 'pytest.mark.skip', 'test_rotates_keys', '@pytest.mark.skip'),
    ok('py/tests/test_auth.py', 'unittest.skip', 'DisabledTests', '@unittest.skip'),
    ok('java/UserController.java', 'GetMapping', 'UserController.find', '@GetMapping'),
    ok('java/UserController.java', 'RestController', 'UserController', '@RestController'),
    ok('java/UserControllerTest.java', 'Test', 'findRequiresId', '@Test'),
    no('java/UserController.java', 'GetMapping', 'remove', 'the annotation of the neighbouring method does not count'),
    { ...no('java/UserController.java', 'PostMapping', 'find', 'an annotation on another method'), details: /carries @GetMapping but not @PostMapping/ },
    { ...no('go/server.go', 'Get', 'NewServer', 'Go has no decorators'), details: /carries no decorator/ },
  ]);
});
