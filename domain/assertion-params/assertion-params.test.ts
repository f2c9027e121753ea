import { describe, expect, it } from 'vitest';
import { ASSERTION_TYPES } from '../schemas/assertion.js';
import { ASSERTION_PARAMS, pathParamsOf, validateParams } from './index.js';

describe('ASSERTION_PARAMS', () => {
  it('defines every catalogue type, in catalogue order', () => {
    expect(Object.keys(ASSERTION_PARAMS)).toEqual([...ASSERTION_TYPES]);
  });

  it.each(Object.entries(ASSERTION_PARAMS))('%s names only parameters it has, each described', (_, def) => {
    const shape = Object.keys(def.params.shape);
    for (const name of [...Object.keys(def.paths), ...def.oneOf.flat(), ...def.anyOf.flat(), ...def.hidden]) expect(shape).toContain(name);
    for (const [name, schema] of Object.entries(def.params.shape)) {
      if (!def.hidden.includes(name)) expect(schema.description ?? schema.unwrap?.().description, name).toBeTruthy();
    }
  });

  it('says which parameters name files, and how', () => {
    expect(pathParamsOf('pattern_matches')).toEqual([['file', 'path'], ['files', 'glob']]);
    expect(pathParamsOf('dependency_version')).toEqual([['manifest', 'manifest']]);
    expect(pathParamsOf('no_such_type')).toEqual([]);
  });
});

describe('validateParams', () => {
  const { params } = ASSERTION_PARAMS.file_exists;
  it.each([
    [{ path: 'x' }, 'unknown parameter "path" for file_exists; its parameters are file'],
    [{}, 'missing parameter "file" for file_exists'],
    [{ file: 3 }, 'invalid parameter "file" for file_exists: Invalid input: expected string, received number'],
  ])('%j → %s', (given, reason) => {
    expect(validateParams('file_exists', params, given)).toEqual({ ok: false, reason });
  });

  it('passes the parsed params on', () => {
    expect(validateParams('file_exists', params, { file: 'a.ts' })).toEqual({ ok: true, params: { file: 'a.ts' } });
  });
});
