import { describe, expect, it } from 'vitest';
import { maskNonCode } from './code-mask.js';
import { codeSyntaxFor } from './code-syntax.js';

const mask = (file: string, text: string) => {
  const syntax = codeSyntaxFor(file);
  if (!syntax) throw new Error(`no syntax for ${file}`);
  const out = maskNonCode(text, syntax);
  expect(out).toHaveLength(text.length);
  expect(out.split('\n')).toHaveLength(text.split('\n').length);
  return out;
};

describe('maskNonCode', () => {
  it('handles Python triple quotes and # comments', () => {
    const out = mask('a.py', 'x = "eval(1)"  # eval(2)\n"""\neval(3)\n"""\neval(4)');
    expect(out.match(/eval\(\d\)/g)).toEqual(['eval(4)']);
  });

  it('handles Go raw strings and rune literals, Rust raw strings and lifetimes', () => {
    expect(mask('a.go', "s := `eval(1)\n`; c := 'x'; eval(2)").match(/eval\(\d\)/g)).toEqual(['eval(2)']);
    const rust = mask('a.rs', "fn f<'a>(x: &'a str) { let s = r#\"eval(\"1\")\"#; eval(2); let c = '\\n'; }");
    expect(rust.match(/eval\(\d\)/g)).toEqual(['eval(2)']);
    expect(rust).toContain("fn f<'a>(x: &'a str)");
  });

  it('in YAML, a # inside a value and an apostrophe in plain text are not syntax', () => {
    const out = mask('a.yaml', "desc: it's eval(1) # eval(2)\nurl: http://x#eval(3)\nq: 'eval(4)'");
    expect(out.match(/eval\(\d\)/g)).toEqual(['eval(1)', 'eval(3)']);
  });

  it('knows no lexer for unknown extensions, nor for TS/JS (masked from their parse instead)', () => {
    expect(codeSyntaxFor('notes.txt')).toBeUndefined();
    expect(codeSyntaxFor('a.ts')).toBeUndefined();
    expect(codeSyntaxFor('Dockerfile')?.family).toBe('shell');
  });
});
