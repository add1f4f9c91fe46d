import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.js';
import { openConsole, openConversation } from '../helpers/console-page.js';
import { api } from '../helpers/fixtures.js';
import { eventually, useEmailTestBed } from '../helpers/email.js';

/* E-mail from the console in Debian's Chromium: files go through the one upload path and reach the customer's mail. */

const bed = useEmailTestBed({});
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe('e-mail in the console', () => {
  it('replies by e-mail with a file, and the mail carries the file\'s bytes', async () => {
    const started = await api(bed.app.url, bed.agentCookie, '/api/email/conversations', {
      body: { inboxId: bed.inboxId, to: 'frank@customer.test', subject: 'Your invoice', text: 'Your invoice follows.' },
    });
    expect(started.status).toBe(201);
    const conversationId = started.body.conversation.id as string;
    const agent = await bed.app.db.user.findFirstOrThrow({ where: { name: 'Alice Agent' } });
    const { context, page, errors } = await openConsole(browser, bed.app.url, agent.email);
    try {
      await openConversation(page, conversationId);
      const invoice = Buffer.from('%PDF-1.4 invoice 2026-0042');
      const composer = page.getByTestId('composer');
      await composer.locator('textarea').fill('Here it is.');
      await composer.locator('input[type="file"]').setInputFiles({ name: 'invoice.pdf', mimeType: 'application/pdf', buffer: invoice });
      await composer.getByRole('button', { name: 'Send' }).click();

      const mail = await bed.smtp.waitFor((received) => received.parsed.text?.includes('Here it is.') ?? false, 20_000);
      expect(mail.envelope.to).toEqual(['frank@customer.test']);
      expect(mail.parsed.attachments.map((file) => [file.filename, file.contentType, file.content.toString()])).toEqual([
        ['invoice.pdf', 'application/pdf', invoice.toString()],
      ]);
      const sent = await eventually(() => bed.app.db.message.findFirst({ where: { conversationId, text: 'Here it is.' }, include: { attachments: true } }));
      expect(sent.attachments).toMatchObject([{ fileName: 'invoice.pdf', contentType: 'application/pdf', byteSize: invoice.length }]);
      await page.getByText('invoice.pdf').first().waitFor();
      expect(errors.filter((error) => !/Failed to load resource/.test(error))).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
