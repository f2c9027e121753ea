import { describe } from 'vitest';
import { checkCases } from '../code/test-support.js';
import { parameterValidated } from './parameter-validated.js';

const ok = (file: string, fn: string, parameter: string, at: string) => ({
  why: `${fn}(${parameter}) is validated`,
  params: { file, function: fn, parameter },
  verdict: 'pass' as const,
  at,
});
const no = (file: string, fn: string, parameter: string, why: string, details?: RegExp) => ({
  why,
  params: { file, function: fn, parameter },
  verdict: 'fail' as const,
  ...(details ? { details } : {}),
});

describe('parameter_validated', () => {
  checkCases(parameterValidated, [
    ok('ts/validation.ts', 'createUser', 'input', 'UserSchema.parse(input)'),
    ok('ts/validation.ts', 'updateUser', 'req', 'schema.safeParse(body)'),
    ok('ts/validation.ts', 'setAge', 'age', "if (typeof age !== 'number')"),
    ok('ts/validation.ts', 'handler', 'c', 'if (!isUuid(id))'),
    ok('ts/controller.ts', 'UserController.create', 'dto', '@Body(new ValidationPipe())'),
    no('ts/validation.ts', 'validateLater', 'input', 'validated only inside a closure that may never run', /used at line 58 \(`UserSchema\.parse\(input\)`\) before any validation/),
    no('ts/validation.ts', 'ignoreVerdict', 'input', 'safeParse whose verdict is thrown away', /`UserSchema\.safeParse\(input\);`\) before any validation/),
    no('ts/validation.ts', 'logThenValidate', 'payload', 'logged before it is validated', /used at line 20 \(`console\.log\(payload\);`\) before any validation/),
    no('ts/validation.ts', 'jsonOnly', 'raw', 'JSON.parse decodes, it does not validate'),
    no('ts/validation.ts', 'unusedParam', 'x', 'a parameter never used', /never used/),
    no('ts/validation.ts', 'guardWithoutExit', 'name', 'an if that neither throws nor returns is not a guard'),
    no('ts/validation.ts', 'createUser', 'missing', 'a parameter that does not exist', /has no parameter `missing` \(its parameters: `input`\)/),
    no('ts/controller.ts', 'UserController.update', 'dto', 'a @Body() without a pipe validates nothing here'),
    ok('ts/validation.ts', 'selfCheck', 'dto', 'dto.validate()'),
    ok('ts/validation.ts', 'normalise', 'name', 'assert(name.length > 0)'),
    ok('py/app.py', 'profile', 'user_id', 'if not user_id.isdigit()'),
    ok('py/app.py', 'register', 'data', 'assert isinstance(record, dict)'),
    ok('py/app.py', 'build_user', 'payload', 'CreateUser(**payload)'),
    ok('py/main.py', 'list_items', 'q', 'Query(default=None, max_length=50)'),
    no('py/app.py', 'parse_amount', 'amount', 'printed before the guard'),
    no('py/app.py', 'Worker.run', 'job', 'an if whose branch does not leave'),
    no('py/app.py', 'fetch_user', 'user_id', 'passed straight to the database'),
    ok('py/app.py', 'signup', 'request', 'if not form.is_valid()'),
    ok('py/app.py', 'create_account', 'request', 'serializer.is_valid(raise_exception=True)'),
    no('py/app.py', 'find_account', 'request', 'a database lookup is not a validation'),
    ok('go/server.go', 'CreateOrder', 'name', 'if name == ""'),
    ok('go/server.go', 'Server.handleUser', 'r', 'strconv.Atoi'),
    ok('go/server.go', 'decodeBody', 'r', 'if err := json.NewDecoder(r.Body).Decode(&order)'),
    no('go/server.go', 'CreateOrder', 'qty', 'logged, never checked'),
    no('go/server.go', 'Server.Start', 'addr', 'an error check on a call that is not a validation'),
    ok('java/UserController.java', 'find', 'id', 'Objects.requireNonNull(id'),
    ok('java/UserController.java', 'rename', 'name', 'if (name == null || name.isBlank())'),
    ok('java/UserController.java', 'create', 'body', '@Valid @RequestBody'),
    no('java/UserController.java', 'logFirst', 'name', 'printed before requireNonNull'),
    no('java/UserController.java', 'remove', 'id', 'passed straight to the repository'),
  ]);
});
