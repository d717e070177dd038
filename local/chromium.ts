/**
 * Opens the dashboard page in headless Chromium (the system's: Debian's `chromium` package, driven by
 * playwright-core, which never downloads a browser) and reports what a reader would see: each visual and how many
 * data marks it drew, any console error or uncaught exception, and any request that left the page's own file.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

/** The Chromium executable: Debian's package by default. */
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/**
 * This machine's network refuses Chromium's own connections (updates, sync, field trials...): these flags keep it
 * from making any, and a fresh profile keeps one run from leaking into the next.
 */
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export interface DrawnVisual {
  readonly id: string;
  readonly kind: string;
  /** The data marks it drew (points, bars, table rows; 1 for a KPI), as the page declares and as counted in its SVG. */
  readonly marks: number;
  /** The SVG shapes or table rows actually in the document. */
  readonly shapes: number;
}

export interface PageReport {
  readonly visuals: readonly DrawnVisual[];
  /** Console messages of type error, and uncaught exceptions. */
  readonly errors: readonly string[];
  /** Requests for anything but the page's own file. */
  readonly requests: readonly string[];
}

/** Throws, saying how to install it, when Chromium is missing. */
export function requireChromium(): void {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed (${CHROMIUM} does not exist): run \`scripts/run test\`, which installs it, or `
      + '`sudo apt-get install chromium` (Debian, Ubuntu), or set CHROMIUM to the path of a Chromium or Chrome executable.');
  }
}

/** Opens `file`, reports what it drew and, when `screenshot` is given, saves a PNG of the whole page there. */
export async function inspectPage(file: string, options: { screenshot?: string; width?: number } = {}): Promise<PageReport> {
  requireChromium();
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'chromium-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: options.width ?? 1280, height: 900 },
    offline: true,
  });
  try {
    const page = context.pages()[0] ?? await context.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    const url = pathToFileURL(file).href;
    page.on('console', message => {
      if (message.type() === 'error') errors.push(`console: ${message.text()}`);
    });
    page.on('pageerror', error => errors.push(`exception: ${error.message}`));
    page.on('request', request => {
      if (request.url() !== url) requests.push(request.url());
    });
    await page.goto(url, { waitUntil: 'load' });
    const visuals = await page.$$eval('[data-visual]', elements => elements.map(element => ({
      id: element.getAttribute('data-visual') ?? '',
      kind: [...element.classList].find(c => ['kpi', 'line', 'bar', 'table'].includes(c)) ?? '',
      marks: Number(element.getAttribute('data-marks')),
      shapes: element.querySelectorAll('svg circle, svg rect[fill]:not([fill="#e5e7eb"]), tbody tr, .value').length,
    })));
    if (options.screenshot) {
      fs.mkdirSync(path.dirname(options.screenshot), { recursive: true });
      await page.screenshot({ path: options.screenshot, fullPage: true });
    }
    return { visuals, errors, requests };
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}
