import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { callVendor } from './vendor-http.js';

const SlackAnswerSchema = z.object({ ok: z.boolean(), error: z.string().optional() }).loose();
/** Slack errors worth retrying; every other `ok: false` (invalid_auth, channel_not_found, …) is permanent. */
const TRANSIENT = new Set(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

export interface SlackMessage {
  text: string;
  blocks?: unknown[];
}

/** `chat.postMessage` of Slack's Web API: HTTP 200 with `{ok: false, error}` when it refuses. */
export async function postSlackMessage(apiUrl: string, botToken: string, channel: string, message: SlackMessage): Promise<void> {
  const answer = SlackAnswerSchema.parse(
    await callVendor('Slack', `${apiUrl.replace(/\/$/, '')}/chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${botToken}`, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ channel, ...message }),
    }),
  );
  if (answer.ok) return;
  const error = `Slack chat.postMessage refused: ${answer.error ?? 'unknown error'}`;
  throw TRANSIENT.has(answer.error ?? '') ? ApplicationFailure.retryable(error, 'SlackUnavailable') : ApplicationFailure.nonRetryable(error, 'SlackRefused');
}

/** Completes a slash command or interaction through its `response_url` (no token: the URL is the capability). */
export async function respondToSlack(responseUrl: string, message: SlackMessage & { response_type?: 'ephemeral' | 'in_channel'; replace_original?: boolean }): Promise<void> {
  await callVendor('Slack', responseUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(message) });
}
