import type { RecordedRequest, ScriptedReply } from '../../../llm/testing/scripted-server.js';
import { anthropicWire, ollamaWire, openAiWire, type WireFormat } from '../../../llm/testing/wire-formats.js';
import type { Tier2Provider } from '../../../domain/schemas/attestation.js';

export const WIRES: Record<Tier2Provider, WireFormat> = { anthropic: anthropicWire, openai: openAiWire, ollama: ollamaWire };

/** The keys and endpoints that point a provider's real SDK at a scripted server. */
export function providerEnv(provider: Tier2Provider, baseURL: string): Record<string, string> {
  return {
    anthropic: { ANTHROPIC_API_KEY: 'sk-ant-test', ANTHROPIC_BASE_URL: baseURL },
    openai: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: `${baseURL}/v1` },
    ollama: { OLLAMA_BASE_URL: baseURL },
  }[provider];
}

/** Every string in a request body, joined: the prompt whatever the provider's message shape. */
export function promptOf(request: RecordedRequest): string {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(request.body);
  return out.join('\n');
}

/** The untrusted evidence section of a Tier 2 prompt. */
export function evidenceOf(prompt: string): string {
  const at = prompt.indexOf('## The evidence Tier 1 found');
  return at === -1 ? '' : prompt.slice(at);
}

/**
 * A reviewer script, standing in for a model: it fails evidence that shows a stub, an ignored
 * validation result, the `none` JWT algorithm or dead code, and passes anything else citing the
 * first range it was sent. What is under test is everything around it: plumbing, parsing and
 * the fail-closed rules.
 */
export function deceptionScript(prompt: string): { verdict: 'pass' | 'fail'; citations: { path: string; startLine: number; endLine: number }[]; reasoning: string } {
  const evidence = evidenceOf(prompt);
  const header = /^=== (\S+) lines (\d+)-(\d+)$/m.exec(evidence);
  const cite = header ? [{ path: header[1]!, startLine: Number(header[2]), endLine: Number(header[3]) }] : [];
  const tells: [RegExp, string][] = [
    [/^\d+\| \s*return true;/m, 'the function returns a constant: a stub'],
    [/algorithms: \['none'\]/, "the verification accepts the 'none' algorithm"],
    [/^\d+\| \s*if \(false\)/m, 'the call sits behind if (false): dead code'],
  ];
  const parsed = /^\d+\| \s*const (\w+) = \w+\.safeParse\(/m.exec(evidence);
  if (parsed && !evidence.includes(`${parsed[1]}.`)) tells.push([/./, 'the validation result is computed and ignored']);
  const tell = tells.find(([re]) => re.test(evidence));
  return tell ? { verdict: 'fail', citations: cite, reasoning: tell[1] } : { verdict: 'pass', citations: cite, reasoning: 'the body implements the check on its input' };
}

export function reply(provider: Tier2Provider, answer: unknown, toolName = 'tier2_verdict'): ScriptedReply {
  return { body: WIRES[provider].answer(typeof answer === 'string' ? answer : JSON.stringify(answer), toolName) };
}
