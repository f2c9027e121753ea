import { describe } from 'vitest';
import { checkCases } from '../code/test-support.js';
import { envVarReferenced } from './env-var-referenced.js';

const ok = (file: string, variable: string, at: string) => ({ why: `${file} reads ${variable}`, params: { file, variable }, verdict: 'pass' as const, at });
const no = (file: string, variable: string, why: string) => ({ why, params: { file, variable }, verdict: 'fail' as const });

describe('env_var_referenced', () => {
  checkCases(envVarReferenced, [
    ok('ts/env.ts', 'PORT', 'process.env.PORT'),
    ok('ts/env.ts', 'JWT_SECRET', "process.env['JWT_SECRET']"),
    ok('ts/env.ts', 'DATABASE_URL', 'const { DATABASE_URL'),
    ok('ts/env.ts', 'REDIS_URL', 'REDIS_URL: redis'),
    ok('ts/env.ts', 'VITE_MODE', 'import.meta.env.VITE_MODE'),
    no('ts/env.ts', 'WRITTEN_ONLY', 'assigning a variable is not reading it'),
    no('ts/env.ts', 'COMMENTED', 'a read in a comment'),
    no('ts/env.ts', 'IN_STRING', 'a read in a string'),
    no('ts/env.ts', 'port', 'names are case-sensitive'),
    ok('ts/env.ts', 'BUN_TOKEN', 'Bun.env.BUN_TOKEN'),
    ok('ts/env.ts', 'DENO_TOKEN', "Deno.env.get('DENO_TOKEN')"),
    ok('py/main.py', 'DATABASE_URL', 'os.environ["DATABASE_URL"]'),
    ok('py/main.py', 'DEBUG', 'os.environ.get("DEBUG"'),
    ok('py/main.py', 'SECRET_KEY', 'os.getenv("SECRET_KEY")'),
    ok('py/main.py', 'AWS_REGION', 'getenv("AWS_REGION")'),
    no('py/main.py', 'WRITTEN_ONLY', 'a Python assignment is not a read'),
    no('py/main.py', 'COMMENTED', 'a Python comment'),
    no('py/main.py', 'IN_STRING', 'a Python string'),
    ok('go/server.go', 'PORT', 'os.Getenv("PORT")'),
    ok('go/server.go', 'API_TOKEN', 'os.LookupEnv("API_TOKEN")'),
    no('go/server.go', 'WRITTEN_ONLY', 'os.Setenv writes'),
    ok('java/UserController.java', 'DATABASE_URL', 'System.getenv("DATABASE_URL")'),
    ok('java/UserController.java', 'REGION', 'System.getenv().get("REGION")'),
    no('java/UserController.java', 'HOME', 'a Java variable never read'),
  ]);
});
