import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, saveScreenshot, seriousAxeViolations } from './support/browser.js';

// The browser tests' own footing: a real Chromium, screenshots on disk, axe-core that sees a violation.
describe('browser support', () => {
  let browser: Browser;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const body = req.url === '/bad'
        ? '<!doctype html><html><body><input type="text"><img src="/x.png"></body></html>'
        : '<!doctype html><html lang="en"><head><title>ok</title></head><body><main><h1>Fine</h1></main></body></html>';
      res.writeHead(200, { 'content-type': 'text/html', 'content-security-policy': "default-src 'self'" }).end(body);
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((done) => server.close(done));
  });

  it('renders a page, saves its screenshot, and axe-core finds serious violations only where they are', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${base}/good`);
    expect(await page.textContent('h1')).toBe('Fine');
    expect(existsSync(await saveScreenshot(page, 'browser-support'))).toBe(true);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.goto(`${base}/bad`);
    expect((await seriousAxeViolations(page)).map((v) => v.id)).toEqual(expect.arrayContaining(['image-alt', 'label']));
    await context.close();
  });
});
