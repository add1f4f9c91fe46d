import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.js';
import { openConsole } from '../helpers/console-page.js';
import { api, createUser, login } from '../helpers/fixtures.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/* The console's frame in Debian's Chromium: served at /, sign-in, presence, sign-out. */

let app: TestApp;
let browser: Browser;
let context: BrowserContext | undefined;

beforeAll(async () => {
  [app, browser] = await Promise.all([startTestApp({ ROUTING_HEARTBEAT_TIMEOUT_SECONDS: '3600' }), launchChromium()]);
});

afterEach(async () => {
  await context?.close();
  context = undefined;
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('agent console shell', () => {
  it('is served at / with a strict content security policy', async () => {
    const response = await fetch(`${app.url}/`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toMatch(/<div id="root"><\/div>/);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self'/);
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    const script = await fetch(`${app.url}${asset}`);
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toMatch(/immutable/);
  });

  it('refuses a wrong password in words, then signs in, goes online and signs out', async () => {
    const agent = await createUser(app.db, { name: 'Shell Agent' });
    context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${app.url}/`);
    await page.getByLabel('E-mail').fill(agent.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/e-mail or password/i);
    await context.close();

    const session = await openConsole(browser, app.url, agent.email);
    context = session.context;
    const { page: signedIn } = session;
    await signedIn.getByTestId('presence').selectOption('ONLINE');
    await expect.poll(async () => (await app.services.routing.getPresence(agent.id))?.status).toBe('ONLINE');
    await expect.poll(() => signedIn.getByTestId('load').textContent()).toBe('0 / 6');

    await signedIn.getByRole('button', { name: 'Log out' }).click();
    await signedIn.getByRole('button', { name: 'Sign in' }).waitFor();
    const me = await signedIn.evaluate(() => fetch('/api/auth/me').then((response) => response.status));
    expect(me).toBe(401);
    expect(session.errors.filter((error) => !/401|Unauthorized/i.test(error))).toEqual([]);
  });

  it('signs out everywhere from the preferences: another browser of the same user is signed out at once', async () => {
    const agent = await createUser(app.db, { name: 'Twice Signed In' });
    const here = await openConsole(browser, app.url, agent.email);
    const elsewhere = await openConsole(browser, app.url, agent.email);
    context = here.context;
    try {
      await here.page.getByRole('button', { name: 'Twice Signed In' }).click();
      await here.page.getByRole('button', { name: 'Sign out everywhere' }).click();
      await here.page.getByRole('button', { name: 'Sign in' }).waitFor();
      // The other browser learns it from its closed socket, without doing anything.
      await elsewhere.page.getByRole('button', { name: 'Sign in' }).waitFor({ timeout: 10_000 });
      expect(await elsewhere.page.evaluate(() => fetch('/api/auth/me').then((response) => response.status))).toBe(401);
    } finally {
      await elsewhere.context.close();
    }
  });

  it('says in words why a chosen password is refused, in English and Chinese', async () => {
    const admin = await createUser(app.db, { role: 'ADMIN' });
    const adminCookie = await login(app.url, admin.email);
    for (const [locale, expected] of [['en-US', /run of letters or keys/], ['zh-CN', /连续的字母或按键/]] as const) {
      const invited = await api(app.url, adminCookie, '/api/users/invitations', { body: { email: `invitee-${locale}-${Date.now()}@example.test`, name: 'Invitee' } });
      context = await browser.newContext({ locale });
      const page = await context.newPage();
      await page.goto(`${app.url}/${new URL(invited.body.inviteUrl as string).hash}`);
      const passwords = page.locator('input[type="password"]');
      await passwords.nth(0).fill('1234567890');
      await passwords.nth(1).fill('1234567890');
      await page.locator('button[type="submit"]').click();
      await expect.poll(() => page.getByRole('alert').textContent()).toMatch(expected);
      await context.close();
      context = undefined;
    }
  });
});
