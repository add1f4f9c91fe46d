import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PASSWORD } from './fixtures.js';

export interface ConsoleSession {
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors and console.error lines: a test may assert there were none. */
  errors: string[];
}

/** A fresh browser context on the console, signed in through the login form as `email`. */
export async function openConsole(browser: Browser, appUrl: string, email: string, options: { locale?: string } = {}): Promise<ConsoleSession> {
  const context = await browser.newContext({ locale: options.locale ?? 'en-US', timezoneId: 'Europe/Berlin' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(`${appUrl}/`);
  await page.getByLabel(/e-mail|电子邮箱/i).fill(email);
  await page.getByLabel(/password|密码/i).fill(PASSWORD);
  await page.getByRole('button', { name: /sign in|登录/i }).click();
  await page.getByTestId('presence').waitFor();
  return { context, page, errors };
}

/** Opens a conversation of the console by its id (hash route) and waits for its composer. */
export async function openConversation(page: Page, conversationId: string): Promise<void> {
  await page.evaluate(`location.hash = '#/conversations/${conversationId}'`);
  await page.getByTestId('composer').waitFor();
}
