import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { HEADLESS_CHROMIUM_ARGS, provideChromium } from '../../scripts/provision/chromium.js';

/** Where browser tests leave their screenshots (git-ignored; CI keeps the folder as an artifact). */
export const ARTIFACTS_DIR = resolve(import.meta.dirname, '../../test-artifacts');

/** A headless Debian Chromium driven by Playwright; close it in afterAll. */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = await provideChromium((line) => process.stderr.write(`[assay] ${line}\n`));
  return chromium.launch({ executablePath, headless: true, args: HEADLESS_CHROMIUM_ARGS });
}

export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: number;
}

/**
 * axe-core's violations at `serious` or `critical` on the page as it is now. The page's
 * context must be created with `bypassCSP: true`: axe is injected as a script, which a
 * strict Content-Security-Policy rightly refuses.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
  await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: unknown[] }> }> } }).axe;
    const result = await axe.run();
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
