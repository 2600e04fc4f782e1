// A real browser for the dashboard's proof: Debian's Chromium, headless, driven over the
// DevTools protocol by puppeteer-core (which downloads no browser of its own).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';

export const CHROMIUM = '/usr/bin/chromium';

export interface SignInResult {
  /** URL the browser ended on after signing in. */
  readonly url: string;
  /** Text of the page's first h1 (Horizon's page title, "Overview"). */
  readonly heading: string;
  /** Seconds from loading the sign-in page to the signed-in page. */
  readonly seconds: number;
  /** The session's cookies as a `Cookie` header, to replay the session elsewhere. */
  readonly cookieHeader: string;
  /** Static files (CSS, JavaScript, images, fonts) the signed-in page loaded, and how many failed. */
  readonly staticFiles: { readonly loaded: number; readonly failed: string[] };
}

/**
 * Loads Horizon's sign-in page at `url`, signs in as `user`, and returns where it ended up;
 * saves a screenshot of the signed-in page to `screenshot` when given. Bounded: every wait has
 * a deadline and the browser is closed whatever happens.
 */
export async function signInToHorizon(
  url: string,
  user: string,
  password: string,
  screenshot?: string,
): Promise<SignInResult> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (scripts/provision.sh does)`);
  const profile = mkdtempSync(join(tmpdir(), 'wsgiform-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    userDataDir: profile,
    timeout: 60_000,
    args: [
      // Root in a container-less CI machine: Chromium's sandbox needs user namespaces it may not get.
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--window-size=1280,900',
    ],
  });
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(60_000);
    await page.setViewport({ width: 1280, height: 900 });
    const started = Date.now();
    await page.goto(`${url}/auth/login/`, { waitUntil: 'load' });
    await page.type('#id_username', user);
    await page.type('#id_password', password);
    const statics: { url: string; ok: boolean }[] = [];
    page.on('requestfinished', (r) => {
      if (new URL(r.url()).pathname.startsWith('/static/'))
        statics.push({ url: r.url(), ok: (r.response()?.status() ?? 0) < 400 });
    });
    page.on('requestfailed', (r) => statics.push({ url: r.url(), ok: false }));
    await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), page.click('#loginBtn')]);
    const heading = await page.$eval('h1', (h) => h.textContent?.trim() ?? '').catch(() => '');
    const seconds = (Date.now() - started) / 1000;
    if (screenshot) await page.screenshot({ path: screenshot as `${string}.png` });
    const cookies = await page.cookies();
    return {
      url: page.url(),
      heading,
      seconds,
      cookieHeader: cookies.map((c) => `${c.name}=${c.value}`).join('; '),
      staticFiles: { loaded: statics.length, failed: statics.filter((s) => !s.ok).map((s) => s.url) },
    };
  } finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
