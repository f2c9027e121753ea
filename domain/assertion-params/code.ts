import { FILE, defineParams, text } from './define.js';

// SPEC §4 rows 1–9 and 17: checks of the code's structure, one source file each.

const inFile = { paths: { file: 'path' } } as const;

export const functionExists = defineParams('function_exists', { file: FILE, name: text('Function or method name: "fn" or "Class.method".') }, {
  summary: 'a declaration of name ("fn" or "Class.method"); a call site does not count',
  ...inFile,
});

export const classExists = defineParams('class_exists', { file: FILE, name: text('Class name (Go: struct type; Java: class, record or enum).') }, {
  summary: 'a class (Go struct, Java class/record/enum)',
  ...inFile,
});

export const decoratorPresent = defineParams(
  'decorator_present',
  { file: FILE, decorator: text('Decorator or annotation name, e.g. "UseGuards".'), target: text('The decorated function, method ("Class.method") or class.') },
  { summary: 'target function/method/class carries the decorator/annotation', ...inFile },
);

export const functionCalls = defineParams(
  'function_calls',
  { file: FILE, caller: text('The calling function or "Class.method".'), callee: text('The function called from its body; `x.callee(...)` counts.') },
  { summary: "caller's body calls callee (x.callee(...) counts)", ...inFile },
);

export const importPresent = defineParams('import_present', { file: FILE, module: text('Module specifier, e.g. "jose" (a sub-path counts).') }, {
  summary: 'a real import/require/dynamic import of module or a sub-path',
  ...inFile,
});

export const parameterValidated = defineParams(
  'parameter_validated',
  { file: FILE, function: text('The function or "Class.method" taking the parameter.'), parameter: text('The parameter name.') },
  { summary: 'the parameter is validated (schema parse, guard, validator) before other use', ...inFile },
);

export const errorHandled = defineParams('error_handled', { file: FILE, function: text('The function or "Class.method" whose own body handles errors.') }, {
  summary: "the function's own body handles errors",
  ...inFile,
});

export const middlewareRegistered = defineParams(
  'middleware_registered',
  {
    file: FILE,
    middleware: text('Middleware name as registered, e.g. "helmet" (matched by dotted suffix).'),
    path: text('Route path the registration must cover, e.g. "/api".').optional(),
    /** SPEC §4 says "route/path": `route` is accepted as another name for `path`. */
    route: text('Another name for "path".').optional(),
  },
  {
    summary: 'app.use / register / add_middleware references it (covering path when given)',
    ...inFile,
    refine: (s) => s.refine((p) => !p.path || !p.route || p.path === p.route, { message: '`path` and `route` name the same thing; give one' }),
  },
);

export const httpHeaderSet = defineParams(
  'http_header_set',
  { file: FILE, header: text('Response header name, e.g. "Strict-Transport-Security".'), value: text('RE2 pattern the value must match, when statically known.').optional() },
  { summary: 'code sets that response header (value is a regex)', ...inFile },
);

export const envVarReferenced = defineParams('env_var_referenced', { file: FILE, variable: text('Environment variable name, e.g. "JWT_SECRET".') }, {
  summary: 'code reads the environment variable',
  ...inFile,
});
