import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { docker } from '../../scripts/test-engine.mjs';
import { runCli, type JsonReport } from '../support/cli.js';

const host = inject('dockerHost');
const image = inject('testImage');
const CONTAINERS = ['html-risky', 'html-secret', 'html-plain'];
// A variable name cannot hold '=', so the hostile markup is a script that opens a dialog.
const HOSTILE_VARIABLE = '<script>alert(1)</script>_TOKEN';
let dir: string;
let browser: Browser;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dw-html-'));
  await Promise.all(CONTAINERS.map((name) => docker(host, ['rm', '-f', name]).catch(() => undefined)));
  await docker(host, ['create', '--name', 'html-risky', '--privileged', '--pid', 'host', image]);
  await docker(host, ['create', '--name', 'html-secret', '--env', `${HOSTILE_VARIABLE}=correct-horse-battery-staple`, image]);
  await docker(host, ['create', '--name', 'html-plain', '--cap-drop', 'ALL', image]);
  // Debian's chromium, no downloaded browser; the flags keep it from reaching out to the network.
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all(CONTAINERS.map((name) => docker(host, ['rm', '-f', name]).catch(() => undefined)));
  await rm(dir, { recursive: true, force: true });
});

describe('the HTML report in a browser', () => {
  it('shows the counts, filters, expands a finding, and renders something to look at', async () => {
    const file = join(dir, 'report.html');
    const scan = ['scan', '--host', host, '--name', 'html-*', '--fail-on', 'none'];
    expect((await runCli([...scan, '--format', 'html', '--output', file])).code).toBe(0);
    const report = JSON.parse((await runCli([...scan, '--format', 'json'])).stdout) as JsonReport;

    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const requests: string[] = [];
    const dialogs: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(`file://${file}`);

    const counts = await page.locator('.counts .n').allTextContents();
    expect(counts.slice(0, 5).map(Number)).toEqual(
      ['critical', 'high', 'medium', 'low', 'info'].map((severity) => report.summary[severity]),
    );
    const total = report.findings.length;
    await expect.poll(() => page.locator('#shown').textContent()).toBe(`${total} of ${total} findings shown`);

    await page.selectOption('#f-severity', 'critical');
    const critical = report.findings.filter((finding) => finding.severity === 'critical').length;
    expect(await page.locator('#shown').textContent()).toBe(`${critical} of ${total} findings shown`);
    expect(await page.locator('details.finding:visible').count()).toBe(critical);
    expect(await page.locator('tr[data-target="html-plain"]').isVisible()).toBe(false);
    await page.selectOption('#f-severity', '');
    await page.fill('#f-target', 'secret');
    expect(await page.locator('details.finding:visible').count()).toBe(
      report.findings.filter((finding) => finding.target === 'html-secret').length,
    );

    const privileged = page.locator('details.finding[data-rule="privileged"]');
    await page.fill('#f-target', '');
    await privileged.locator('summary').click();
    await expect.poll(() => privileged.locator('.body').textContent()).toContain('Check by hand');

    // The hostile variable name is shown as text and runs nothing.
    expect(await page.locator('details.finding[data-rule="env-secret"] summary').textContent()).toContain(HOSTILE_VARIABLE);
    expect(dialogs).toEqual([]);
    expect(await page.content()).not.toContain('correct-horse-battery-staple');
    expect(requests.every((url) => url.startsWith('file://'))).toBe(true);

    const shot = await page.screenshot({ path: join(dir, 'report.png') });
    const blank = await (await browser.newPage({ viewport: { width: 1200, height: 900 } })).screenshot();
    // A white page compresses to almost nothing; the report does not.
    expect(shot.length).toBeGreaterThan(blank.length * 5);
  });

  it('reads on a narrow screen without a page-wide scroll bar', async () => {
    const file = join(dir, 'report.html');
    const page = await browser.newPage({ viewport: { width: 380, height: 800 } });
    await page.goto(`file://${file}`);
    const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
