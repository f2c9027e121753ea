import { ApplicationFailure } from '@temporalio/common';

/**
 * One JSON call to a vendor (Jira, Slack, a webhook receiver). A 4xx other than 408/429 will not
 * succeed on retry, so it fails for good; anything else throws for Temporal's retry policy.
 */
export async function callVendor(vendor: string, url: URL | string, init: { method: string; headers?: Record<string, string>; body?: string }): Promise<unknown> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
  const text = await response.text();
  if (response.ok) {
    try {
      return text ? JSON.parse(text) : null;
    } catch {
      return text;
    }
  }
  const message = `${vendor} answered ${response.status} to ${init.method} ${new URL(url).pathname}: ${text.slice(0, 300)}`;
  const permanent = response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429;
  throw permanent ? ApplicationFailure.nonRetryable(message, 'VendorRefused') : ApplicationFailure.retryable(message, 'VendorUnavailable');
}
