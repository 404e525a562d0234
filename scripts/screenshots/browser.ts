/**
 * Chromium (Debian's, driven by puppeteer-core): captures the rendered pages as PNGs and draws the contact sheet.
 * One browser per run; no network (every page is standalone, and tdesign's icon CDN is unreachable anyway).
 */
import * as fs from 'node:fs';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { SCREEN_WIDTH } from './fidelity';

/** Where Chromium is: `JMT_CHROMIUM`, else Debian's package. Undefined when there is none. */
export function chromiumPath(): string | undefined {
  const candidate = process.env.JMT_CHROMIUM ?? '/usr/bin/chromium';
  return fs.existsSync(candidate) ? candidate : undefined;
}

/** An iPhone-sized window: 375 × 812 CSS px at 2 device pixels per px (750 device px = 750 rpx). */
const VIEWPORT = { width: SCREEN_WIDTH, height: 812, deviceScaleFactor: 2 };

export async function launchBrowser(executablePath: string): Promise<Browser> {
  return puppeteer.launch({
    executablePath,
    headless: true,
    timeout: 180_000,
    protocolTimeout: 180_000,
    args: ['--no-sandbox', '--disable-gpu', '--font-render-hinting=none', '--hide-scrollbars', '--lang=zh-CN'],
  });
}

async function offlinePage(browser: Browser): Promise<Page> {
  const page = await browser.newPage();
  await page.setViewport(VIEWPORT);
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const url = request.url();
    if (url.startsWith('file:') || url.startsWith('data:')) void request.continue();
    else void request.abort();
  });
  return page;
}

/** Evaluated in the page (this program has no DOM types). */
const FONTS_READY = 'document.fonts.ready.then(() => undefined)';

/** Captures a standalone HTML file, full length, as PNG. */
export async function capture(browser: Browser, htmlFile: string): Promise<Buffer> {
  const page = await offlinePage(browser);
  try {
    await page.goto(`file://${htmlFile}`, { waitUntil: 'load' });
    await page.evaluate(FONTS_READY);
    return Buffer.from(await page.screenshot({ type: 'png', fullPage: true }));
  } finally {
    await page.close();
  }
}

/** Draws an HTML string (the contact sheet) as PNG at its full size. */
export async function captureHtml(browser: Browser, html: string, width: number): Promise<Buffer> {
  const page = await offlinePage(browser);
  try {
    await page.setViewport({ width, height: 600, deviceScaleFactor: 1 });
    await page.setContent(html, { waitUntil: 'load' });
    await page.evaluate(FONTS_READY);
    return Buffer.from(await page.screenshot({ type: 'png', fullPage: true }));
  } finally {
    await page.close();
  }
}
