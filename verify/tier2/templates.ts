import { readFile } from 'node:fs/promises';
import { sha256Hex } from '../../domain/canonical-json.js';

/**
 * The prompt templates are versioned files in prompts/: `system.md` (the reviewer's rules),
 * `frame.md` (how claim and evidence are laid out) and one `<type>.md` per assertion type, or
 * `sufficiency.md` for the review of a control. A template's hash (attested with every verdict)
 * covers every file that makes it up, so any edit to a prompt changes the hash and the cache key.
 */
export interface PromptTemplate {
  name: string;
  system: string;
  /** The user turn, with `{{placeholders}}`. */
  body: string;
  hash: string;
}

const PROMPTS = new URL('./prompts/', import.meta.url);
const files = new Map<string, Promise<string>>();

function promptFile(name: string): Promise<string> {
  let text = files.get(name);
  if (!text) {
    text = readFile(new URL(`${name}.md`, PROMPTS), 'utf8');
    files.set(name, text);
  }
  return text;
}

function template(name: string, parts: string[]): PromptTemplate {
  const [system = '', body = ''] = parts;
  // NUL cannot occur in the text files, so the split points are part of what is hashed.
  return { name, system, body, hash: sha256Hex(parts.join('\u0000')) };
}

/** The template for one assertion type; undefined when the type has none (the assertion fails). */
export async function assertionTemplate(type: string): Promise<PromptTemplate | undefined> {
  if (!/^[a-z][a-z0-9_]*$/.test(type) || type === 'system' || type === 'frame' || type === 'sufficiency') return undefined;
  const guidance = await promptFile(type).catch(() => undefined);
  if (guidance === undefined) return undefined;
  const [system, frame] = await Promise.all([promptFile('system'), promptFile('frame')]);
  return template(type, [system, fill(frame, { guidance: guidance.trim() }, false), guidance]);
}

export async function sufficiencyTemplate(): Promise<PromptTemplate> {
  const [system, body] = await Promise.all([promptFile('system'), promptFile('sufficiency')]);
  return template('sufficiency', [system, body]);
}

/**
 * Replaces `{{name}}` in one pass, so text inserted for one placeholder is never scanned for
 * another (untrusted content cannot smuggle in a placeholder). Unknown placeholders stay unless
 * `strict`, where they are a bug.
 */
export function fill(text: string, values: Record<string, string>, strict = true): string {
  return text.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => {
    const value = values[name];
    if (value !== undefined) return value;
    if (strict) throw new Error(`prompt placeholder {{${name}}} has no value`);
    return whole;
  });
}
