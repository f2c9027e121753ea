import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { LlmFailureType } from '../failures.js';
import { createStructuredLlm } from '../structured-llm.js';
import type { ChatModel } from '../types.js';
import { startScriptedServer, type RecordedRequest, type ScriptedServer } from '../../../llm/testing/scripted-server.js';

export interface ProviderWire {
  name: string;
  /** Builds the real client against the scripted server. */
  createChat(baseURL: string, timeoutMs: number): ChatModel;
  /** A successful response whose model output is `text`, with 10 input and 5 output tokens. */
  answer(text: string): unknown;
  /** The provider's error body for a failed request. */
  error(status: number, message: string): unknown;
  /** Checks the provider-specific parts of the request: endpoint, schema, conversation. */
  expectRequest(request: RecordedRequest, schemaName: string): void;
}

const Schema = z.object({ assets: z.array(z.object({ name: z.string().min(1), impact: z.enum(['H', 'M', 'L']) })).min(1) });
const valid = JSON.stringify({ assets: [{ name: 'Session token', impact: 'H' }] });
const schemaInvalid = JSON.stringify({ assets: [{ name: 'Session token', impact: 'extreme' }] });
const request = { system: 'You model threats.', prompt: 'List assets.', schemaName: 'assets', schema: Schema };

async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  return error as ApplicationFailure;
}

/** The behaviour every provider must show on the wire: the cases of issue 4 §6. */
export function describeProviderContract(wire: ProviderWire): void {
  describe(`${wire.name} provider over its wire format`, () => {
    let server: ScriptedServer;
    beforeAll(async () => {
      server = await startScriptedServer();
    });
    afterAll(() => server.close());
    beforeEach(() => {
      server.requests.length = 0;
    });
    const llm = () => createStructuredLlm(wire.createChat(server.baseURL, 300), { maxRepairs: 1 });

    it('returns validated data and token usage for a valid answer', async () => {
      server.script({ body: wire.answer(valid) });
      const result = await llm().generate(request);
      expect(result.data).toEqual({ assets: [{ name: 'Session token', impact: 'H' }] });
      expect(result.usage).toEqual({ inputTokens: 10, outputTokens: 5, calls: 1 });
      expect(server.requests).toHaveLength(1);
      wire.expectRequest(server.requests[0]!, 'assets');
    });

    it('repairs malformed JSON once, quoting the parse error to the model', async () => {
      server.script({ body: wire.answer('{"assets": [{"name": "Session token"') }, { body: wire.answer(valid) });
      const result = await llm().generate(request);
      expect(result.data.assets[0]?.name).toBe('Session token');
      expect(result.usage.calls).toBe(2);
      expect(JSON.stringify(server.requests[1]!.body)).toContain('malformed JSON');
    });

    it('fails non-retryably with the validator message when the repair is still invalid', async () => {
      server.script({ body: wire.answer(schemaInvalid) });
      const failure = await failureOf(llm().generate(request));
      expect(failure.nonRetryable).toBe(true);
      expect(failure.type).toBe(LlmFailureType.invalidOutput);
      expect(failure.message).toMatch(/"assets" output after 1 repair attempt\(s\): schema mismatch/);
      expect(failure.message).toContain('assets[0].impact');
      expect(server.requests).toHaveLength(2);
    });

    it('maps 429 to a retryable rate-limit failure honouring retry-after', async () => {
      server.script({ status: 429, headers: { 'retry-after': '7' }, body: wire.error(429, 'slow down') });
      const failure = await failureOf(llm().generate(request));
      expect(failure.nonRetryable).toBe(false);
      expect(failure.type).toBe(LlmFailureType.rateLimited);
      expect(failure.nextRetryDelay).toBe(7000);
      expect(server.requests).toHaveLength(1);
    });

    it('maps 500 to a retryable failure without retrying inside the client', async () => {
      server.script({ status: 500, body: wire.error(500, 'boom') });
      const failure = await failureOf(llm().generate(request));
      expect(failure.nonRetryable).toBe(false);
      expect(failure.type).toBe(LlmFailureType.unavailable);
      expect(server.requests).toHaveLength(1);
    });

    it('maps a timeout to a retryable timeout failure', async () => {
      server.script({ delayMs: 2000, body: wire.answer(valid) });
      const failure = await failureOf(llm().generate(request));
      expect(failure.nonRetryable).toBe(false);
      expect(failure.type).toBe(LlmFailureType.timeout);
    });

    it('maps 401 to a non-retryable rejection', async () => {
      server.script({ status: 401, body: wire.error(401, 'bad key') });
      const failure = await failureOf(llm().generate(request));
      expect(failure.nonRetryable).toBe(true);
      expect(failure.type).toBe(LlmFailureType.rejected);
    });
  });
}
