import { describe } from 'vitest';
import { checkCases } from '../code/test-support.js';
import { testExists } from './test-exists.js';

const ok = (files: string, name: string | undefined, at: string) => ({
  why: `${files} has ${name ?? 'a test'}`,
  params: { files, ...(name ? { name } : {}) },
  verdict: 'pass' as const,
  at,
});
const no = (files: string, name: string | undefined, why: string, details?: RegExp) => ({
  why,
  params: { files, ...(name ? { name } : {}) },
  verdict: 'fail' as const,
  ...(details ? { details } : {}),
});

describe('test_exists', () => {
  checkCases(testExists, [
    ok('ts/tests/*.test.ts', undefined, "it('rejects expired tokens'"),
    ok('ts/tests/*.test.ts', 'rejects expired', "it('rejects expired tokens'"),
    ok('ts/**/*.ts', 'auth > hashes', "test.each([[1], [2]])('hashes %s'"),
    ok('ts/tests/auth.test.ts', '/^auth > rejects/', "it('rejects expired tokens'"),
    ok('ts/tests/auth.test.ts', '/EXPIRED/i', "it('rejects expired tokens'"),
    no('ts/tests/*.test.ts', 'rotates keys', 'it.skip does not count', /only skipped tests match/),
    no('ts/tests/*.test.ts', 'logs out', 'it.todo does not count'),
    ok('ts/tests/*.test.ts', 'focused case', "test.only('focused case'"),
    no('ts/tests/*.test.ts', 'still works', 'a test inside xdescribe does not count'),
    no('ts/tests/*.test.ts', 'fake test', 'a test in a string'),
    no('ts/tests/*.test.ts', 'Rejects expired', 'a substring is case-sensitive'),
    no('ts/tests/*.test.ts', '/(?<=a)b/', 'a regex the linear-time engine refuses', /RE2/),
    no('nothing/**/*.ts', undefined, 'a glob that matches no file', /no file matches/),
    no('../outside/*.ts', undefined, 'a glob that leaves the root is refused', /refused/),
    no('py/*.md', undefined, 'no matching source file', /no file matches|none of the/),
    ok('py/tests/test_*.py', 'test_rejects_expired_token', 'def test_rejects_expired_token'),
    ok('py/tests/test_*.py', 'TestLogin.test_login_succeeds', 'def test_login_succeeds'),
    ok('py/tests/test_*.py', 'session_expires', 'def test_session_expires'),
    no('py/tests/test_*.py', 'rotates_keys', '@pytest.mark.skip does not count'),
    no('py/tests/test_*.py', 'never_runs', 'a test in a @unittest.skip class does not count'),
    no('py/tests/test_*.py', 'helper', 'functions not named test* are not tests'),
    no('py/tests/test_*.py', 'fake_in_string', 'a Python test in a string'),
    ok('go/*_test.go', 'TestCreateOrder', 'func TestCreateOrder'),
    ok('go/*_test.go', 'TestCreateOrder/rejects empty', 't.Run("rejects empty name"'),
    no('go/*_test.go', 'TestSkipped', 't.Skip as the first statement'),
    no('go/*_test.go', 'Testlowercase', 'Go ignores TestX where X is lower-case'),
    no('go/*_test.go', 'TestMain', 'TestMain takes *testing.M'),
    no('go/handlers.go', 'TestOutsideTestFile', 'go test only runs _test.go files'),
    { ...ok('java/*Test.java', 'findRequiresId', '@Test'), details: /"UserControllerTest\.findRequiresId \(rejects a missing id\)"/ },
    { ...ok('java/*Test.java', 'rejects a missing id', '@Test'), details: /java\/UserControllerTest\.java:6/ },
    ok('java/*Test.java', 'renameValidates', '@ParameterizedTest'),
    no('java/*Test.java', 'removeDeletes', '@Disabled does not count'),
    no('java/*Test.java', 'neverRuns', 'a test in a @Disabled class does not count'),
    no('java/*Test.java', 'helperNotATest', 'a method without @Test'),
    ok('{go,java}/**', 'TestCreateOrder', 'func TestCreateOrder'),
  ]);
});
