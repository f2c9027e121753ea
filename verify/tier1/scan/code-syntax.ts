import path from 'node:path';

/** How comments and literals look in one language family, enough to blank them out. */
export interface CodeSyntax {
  family: string;
  lineComment: '//' | '#';
  blockComment: boolean;
  /** `#` opens a comment only at line start or after whitespace (YAML, shell). */
  hashNeedsSpace: boolean;
  /** '...' is a short char literal (C, Go, Java, Rust), not a string; otherwise a string. */
  singleQuoteIsChar: boolean;
  /** Go: `...` is a raw string. */
  backtickRaw: boolean;
  /** Python/TOML """ and ''' strings, Java text blocks. */
  tripleQuotes: boolean;
  /** Rust r"..." / r#"..."# raw strings. */
  rustRaw: boolean;
  /** YAML/TOML: a quote opens a string only where a value starts. */
  quotesAtValueStart: boolean;
}

const base = {
  blockComment: false,
  hashNeedsSpace: false,
  singleQuoteIsChar: false,
  backtickRaw: false,
  tripleQuotes: false,
  rustRaw: false,
  quotesAtValueStart: false,
} as const;

const cLike: CodeSyntax = { ...base, family: 'C-like', lineComment: '//', blockComment: true, singleQuoteIsChar: true };
const go: CodeSyntax = { ...cLike, family: 'Go', backtickRaw: true };
const java: CodeSyntax = { ...cLike, family: 'Java/Kotlin', tripleQuotes: true };
const rust: CodeSyntax = { ...cLike, family: 'Rust', rustRaw: true };
const python: CodeSyntax = { ...base, family: 'Python', lineComment: '#', tripleQuotes: true };
const shell: CodeSyntax = { ...base, family: 'shell', lineComment: '#', hashNeedsSpace: true };
const ruby: CodeSyntax = { ...base, family: 'Ruby', lineComment: '#' };
const yaml: CodeSyntax = { ...base, family: 'YAML', lineComment: '#', hashNeedsSpace: true, quotesAtValueStart: true };
const toml: CodeSyntax = { ...base, family: 'TOML', lineComment: '#', tripleQuotes: true, quotesAtValueStart: true };

const byExtension: Record<string, CodeSyntax> = {
  c: cLike, h: cLike, cc: cLike, cpp: cLike, hpp: cLike, cs: cLike, swift: cLike, scala: cLike, dart: cLike,
  go,
  java, kt: java, kts: java,
  rs: rust,
  py: python, pyi: python,
  sh: shell, bash: shell, zsh: shell,
  rb: ruby,
  yaml, yml: yaml,
  toml,
};

const byName: Record<string, CodeSyntax> = { Dockerfile: shell, Makefile: shell, Gemfile: ruby, Rakefile: ruby };

export function codeSyntaxFor(file: string): CodeSyntax | undefined {
  const name = path.posix.basename(file);
  const ext = path.posix.extname(name).slice(1).toLowerCase();
  return byExtension[ext] ?? byName[name];
}
