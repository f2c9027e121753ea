/**
 * The Tier 1 assertion types and their params (SPEC §4), as a compact list for the
 * submit_assertions description: an agent picks the type from here instead of guessing.
 */
export const ASSERTION_CATALOGUE = `Assertion types (params; "?" = optional):
- function_exists(file, name): a declaration of name ("fn" or "Class.method"); a call site does not count
- class_exists(file, name): a class (Go struct, Java class/record/enum)
- decorator_present(file, decorator, target): target function/method/class carries the decorator/annotation
- function_calls(file, caller, callee): caller's body calls callee (x.callee(...) counts)
- import_present(file, module): a real import/require/dynamic import of module or a sub-path
- parameter_validated(file, function, parameter): the parameter is validated (schema parse, guard, validator) before other use
- error_handled(file, function): the function's own body handles errors
- middleware_registered(file, middleware, route?): app.use / register / add_middleware references it
- http_header_set(file, header, value?): code sets that response header (value is a regex)
- file_exists(file)
- file_hash(file, sha256 | sha384 | sha512)
- pattern_matches(file | files, pattern, scope_start?, scope_end?, code_only?): RE2 pattern matches
- pattern_absent(file | files, pattern, scope_start?, scope_end?, code_only?): no match (zero matched files fails)
- no_plaintext_secret(file | files, patterns?): no private keys, tokens or high-entropy secrets
- config_key_exists(file, key): dot path like a.b[0].c in JSON/YAML/TOML/INI/.env/properties
- config_value_matches(file, key, pattern | equals)
- env_var_referenced(file, variable): code reads the environment variable
- dependency_exists(manifest, package)
- dependency_version(manifest, package, constraint): locked or declared version satisfies constraint
- test_exists(files, name?): a test case matching name in the glob
- test_passes(files and/or name): the project's own test runner exits 0 with at least one test run
Paths are relative to the repository root.`;
