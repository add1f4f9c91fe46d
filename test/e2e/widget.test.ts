import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import type { Prisma } from '@prisma/client';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Server } from 'socket.io';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WIDGET_SCRIPT_FILE } from '../../src/app.js';
import { launchChromium, startHostSite, type HostSite } from '../helpers/browser.js';
import { api, closeSockets, connectAgent, createTeam, createUser, createWebchatInbox, login, nextEvent, request } from '../helpers/fixtures.js';
import { startTestApp, TEST_REDIS_URL, type TestApp } from '../helpers/test-app.js';
import { rooms } from '../../src/realtime/rooms.js';

/*
 * The website widget in Debian's Chromium, embedded by a page of another origin
 * (localhost:<port> embeds http://127.0.0.1:<port>/widget.js); the agent is a socket.io client.
 */

const SECRET = 'acme-identity-secret';
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360f8cfc0f01f0005000201a2d4b1f40000000049454e44ae426082',
  'hex',
);
/** Rules a careless website might have: none of them may reach the widget. */
const HOSTILE_CSS = `
  * { color: rgb(255, 0, 0) !important; font-family: "Comic Sans MS", serif !important; line-height: 3 !important; }
  button { display: none !important; }
  div, p, section { border: 4px solid lime !important; background: yellow !important; }`;

let app: TestApp;
let site: HostSite;
let browser: Browser;
let context: BrowserContext | undefined;
let teamId: string;
let agentCookie: string;

beforeAll(async () => {
  // The agent stays ONLINE for the whole file without sending heartbeats.
  [app, site, browser] = await Promise.all([startTestApp({ ROUTING_HEARTBEAT_TIMEOUT_SECONDS: '3600' }), startHostSite(), launchChromium()]);
  teamId = (await createTeam(app.db)).id;
  const agent = await createUser(app.db, { teamIds: [teamId], name: 'Alice Agent' });
  agentCookie = await login(app.url, agent.email);
  await api(app.url, agentCookie, '/api/presence', { body: { status: 'ONLINE' } });
});

afterEach(async () => {
  closeSockets();
  await context?.close();
  context = undefined;
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await app?.close();
});

async function createInbox(settings: Prisma.InputJsonObject = {}, options: { teamId?: string } = {}) {
  const inbox = await createWebchatInbox(app.db, { teamId: options.teamId ?? teamId });
  return app.db.inbox.update({
    where: { id: inbox.id },
    data: { identitySecret: SECRET, settings: { allowedOrigins: [site.origin], color: '#0f766e', ...settings } },
  });
}

/** A page of the host site that embeds the widget; `before` runs on the page before the script loads. */
function hostPage(inboxToken: string, options: { lang?: string; before?: string; css?: string } = {}): string {
  return site.page(
    `/shop-${inboxToken}.html`,
    `<!doctype html><html lang="${options.lang ?? 'en'}"><head><meta charset="utf-8"><title>Shop</title>
    <style>${options.css ?? ''}</style></head><body>
    <h1>Acme shop</h1><button id="own-button">Page button</button>
    <script>window.__globalsBefore = Object.keys(window); window.__events = [];${options.before ?? ''}</script>
    <script src="${app.url}/widget.js" data-inbox="${inboxToken}" async></script>
    <script>window.addEventListener('contact-center:ready', () => {
      ContactCenter.on('message', (message) => __events.push('message:' + message.text));
      ContactCenter.on('unread', (count) => __events.push('unread:' + count));
    });</script>
    </body></html>`,
  );
}

async function openPage(url: string, viewport = { width: 1280, height: 800 }): Promise<Page> {
  context ??= await browser.newContext({ viewport });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error));
  await page.goto(url);
  return page;
}

const widget = (page: Page) => page.locator('contact-center-widget');

async function openChat(page: Page) {
  await widget(page).getByRole('button', { name: 'Open chat' }).click();
  await expect.poll(() => widget(page).getByRole('dialog').isVisible()).toBe(true);
}

async function say(page: Page, text: string) {
  const box = widget(page).getByRole('textbox', { name: 'Type your message' });
  await box.fill(text);
  await box.press('Enter');
}

const bubbleTexts = (page: Page) => widget(page).locator('.bubble').allInnerTexts();

/** A fresh inbox's page with an agent online; the customer's first message opens the conversation. */
async function startChat(firstMessage: string, pageOptions: Parameters<typeof hostPage>[1] = {}) {
  const inbox = await createInbox();
  const agent = await connectAgent(app.url, agentCookie);
  const page = await openPage(hostPage(inbox.publicToken, pageOptions));
  await openChat(page);
  const arrived = nextEvent(agent, 'message:created');
  await say(page, firstMessage);
  const { conversation } = await arrived;
  return { agent, page, conversation };
}

describe('website widget in Chromium', () => {
  it('serves one script of at most 30 KB gzip', async () => {
    const gzipped = gzipSync(await readFile(WIDGET_SCRIPT_FILE), { level: 9 }).length;
    console.warn(`[size] widget.js: ${gzipped} bytes gzip`);
    expect(gzipped).toBeLessThanOrEqual(30 * 1024);
    const response = await fetch(`${app.url}/widget.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
  });

  it('lets a customer chat with an agent: both ways, typing, receipts, unread count, a file, history after a reload', async () => {
    const inbox = await createInbox({ greeting: { en: 'Welcome to Acme!', 'zh-CN': '欢迎光临 Acme！' } });
    const agent = await connectAgent(app.url, agentCookie);
    const page = await openPage(hostPage(inbox.publicToken, { css: HOSTILE_CSS }));
    await openChat(page);
    await expect.poll(() => widget(page).getByText('Welcome to Acme!').isVisible()).toBe(true);

    const arrived = nextEvent(agent, 'message:created', (payload) => payload.message.text === 'Where is my order 1042?');
    await say(page, 'Where is my order 1042?');
    const { conversation } = await arrived;
    await request(agent, 'conversation:join', { conversationId: conversation.id });

    // Typing, both ways.
    const customerTyping = nextEvent(agent, 'typing', (payload) => payload.from === 'customer' && payload.isTyping);
    await widget(page).getByRole('textbox', { name: 'Type your message' }).pressSequentially('One more');
    await customerTyping;
    await request(agent, 'typing', { conversationId: conversation.id, isTyping: true });
    await expect.poll(() => widget(page).getByText('Alice Agent is typing…').isVisible()).toBe(true);

    // The reply, with the agent's name and avatar; the customer's message shows as read once the agent looked.
    await request(agent, 'message:send', { conversationId: conversation.id, text: 'It ships today: https://acme.example/track/1042' });
    await expect.poll(() => bubbleTexts(page)).toContainEqual(expect.stringContaining('It ships today'));
    expect(await widget(page).locator('.avatar').first().innerText()).toBe('AA');
    expect(await widget(page).getByRole('link', { name: 'https://acme.example/track/1042' }).getAttribute('href')).toBe(
      'https://acme.example/track/1042',
    );
    await request(agent, 'conversation:read', { conversationId: conversation.id });
    await expect.poll(() => widget(page).locator('.row.mine .meta').first().innerText()).toBe('Read');
    const readByCustomer = await app.db.message.findFirstOrThrow({ where: { conversationId: conversation.id, direction: 'OUTBOUND' } });
    await expect.poll(async () => (await app.db.message.findUniqueOrThrow({ where: { id: readByCustomer.id } })).deliveryStatus).toBe('READ');

    // A file: too large is refused in words; a real image goes to the agent.
    await widget(page).getByLabel('Attach a file').setInputFiles({ name: 'huge.png', mimeType: 'image/png', buffer: Buffer.alloc(11 * 1024 * 1024) });
    await expect.poll(() => widget(page).getByRole('alert').innerText()).toContain('"huge.png" is too large');
    const withFile = nextEvent(agent, 'message:created', (payload) => payload.message.attachments.length === 1);
    await widget(page).getByLabel('Attach a file').setInputFiles({ name: 'receipt.png', mimeType: 'image/png', buffer: PNG });
    expect((await withFile).message.attachments[0]).toMatchObject({ fileName: 'receipt.png', contentType: 'image/png' });
    await expect.poll(() => widget(page).getByRole('img', { name: 'receipt.png' }).isVisible()).toBe(true);

    // Closed: a new reply counts as unread on the launcher and in the page's API events.
    await widget(page).getByRole('button', { name: 'Close chat' }).first().click();
    await request(agent, 'message:send', { conversationId: conversation.id, text: 'Anything else?' });
    await expect.poll(() => widget(page).getByRole('status', { name: '1 unread messages' }).isVisible()).toBe(true);
    expect(await page.evaluate(() => (globalThis as any).__events)).toEqual(
      expect.arrayContaining(['message:Where is my order 1042?', 'message:Anything else?', 'unread:1']),
    );

    // A reload (and another tab) restore the conversation and the unread count.
    await page.reload();
    await expect.poll(() => widget(page).getByRole('status', { name: '1 unread messages' }).isVisible()).toBe(true);
    const tab = await openPage(page.url());
    await openChat(tab);
    await expect.poll(() => bubbleTexts(tab)).toEqual([
      expect.stringContaining('Where is my order 1042?'),
      expect.stringContaining('It ships today'),
      expect.stringContaining('Delivered'),
      expect.stringContaining('Anything else?'),
    ]);
    expect(await widget(tab).getByRole('img', { name: 'receipt.png' }).isVisible()).toBe(true);

  });

  it('shows HTML and scripts from anybody as text, keeps the page\'s styles out, and adds one global name', async () => {
    const payload = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><b>bold</b>';
    const { agent, page, conversation } = await startChat(payload, { css: HOSTILE_CSS });
    await request(agent, 'message:send', { conversationId: conversation.id, text: `${payload} <a href="javascript:window.__pwned=3">click</a>` });
    await expect.poll(() => bubbleTexts(page)).toHaveLength(2);
    const [mine, theirs] = await bubbleTexts(page);
    expect(mine).toContain(payload);
    expect(theirs).toContain('<a href="javascript:window.__pwned=3">click</a>');
    expect(await widget(page).locator('.bubble img, .bubble script, .bubble b').count()).toBe(0);
    expect(await widget(page).locator('.bubble a').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as any).__pwned)).toBeUndefined();

    // The page's "* { color: red !important }", "button { display: none }" and friends stop at the shadow root.
    const launcher = widget(page).locator('.launcher');
    expect(await launcher.isVisible()).toBe(true);
    const looks = await widget(page)
      .locator('.bubble')
      .first()
      .evaluate((bubble) => {
        const style = (globalThis as any).getComputedStyle(bubble);
        return { color: style.color, font: style.fontFamily, background: style.backgroundColor, lineHeight: style.lineHeight };
      });
    expect(looks.color).toBe('rgb(255, 255, 255)');
    expect(looks.background).toBe('rgb(15, 118, 110)');
    expect(looks.font).not.toMatch(/Comic|^serif/);
    expect(looks.lineHeight).not.toBe('42px');
    expect(await page.locator('h1').evaluate((heading) => (globalThis as any).getComputedStyle(heading).color)).toBe('rgb(255, 0, 0)');
    // ... and the widget's own styles stay inside: the page's button is still the page's.
    expect(await page.locator('#own-button').evaluate((button) => (globalThis as any).getComputedStyle(button).display)).toBe('none');

    const added = await page.evaluate(() => Object.keys(globalThis).filter((key) => !(globalThis as any).__globalsBefore.includes(key)));
    expect(added.filter((key) => !key.startsWith('__'))).toEqual(['ContactCenter']);
  });

  it('queues what the customer types while the server is down and sends it exactly once when it is back', async () => {
    const inbox = await createInbox();
    await connectAgent(app.url, agentCookie);
    const page = await openPage(hostPage(inbox.publicToken));
    await openChat(page);
    await say(page, 'before the outage');
    await expect.poll(() => widget(page).locator('.row.mine .meta').first().innerText()).toBe('Delivered');
    closeSockets();

    await app.restart(async () => {
      await expect.poll(() => widget(page).getByText(/Reconnecting/).isVisible(), { timeout: 10_000 }).toBe(true);
      await say(page, 'typed while offline 1');
      await say(page, 'typed while offline 2');
      await expect.poll(() => widget(page).getByText('Sending').count()).toBe(2);
    });

    await expect.poll(() => widget(page).getByText('Sending').count(), { timeout: 20_000 }).toBe(0);
    expect(await widget(page).getByText(/Reconnecting/).count()).toBe(0);
    for (const text of ['typed while offline 1', 'typed while offline 2']) {
      expect(await app.db.message.count({ where: { text, inboxId: inbox.id } })).toBe(1);
    }
    expect(await bubbleTexts(page)).toEqual([
      expect.stringContaining('before the outage'),
      expect.stringContaining('typed while offline 1'),
      expect.stringContaining('typed while offline 2'),
    ]);

    // A draft survives a reload.
    await widget(page).getByRole('textbox', { name: 'Type your message' }).fill('half a thought');
    await page.reload();
    await openChat(page);
    expect(await widget(page).getByRole('textbox', { name: 'Type your message' }).inputValue()).toBe('half a thought');
    expect(await app.db.message.count({ where: { inboxId: inbox.id } })).toBe(3);
  });

  it('asks the pre-chat questions first, in the page\'s language, on a phone-sized screen', async () => {
    const inbox = await createInbox({ preChatForm: { enabled: true, fields: ['name', 'email', 'question'] } });
    const agent = await connectAgent(app.url, agentCookie);
    const page = await openPage(hostPage(inbox.publicToken, { lang: 'zh-CN' }), { width: 375, height: 667 });
    await widget(page).getByRole('button', { name: '打开聊天' }).click();
    const panel = widget(page).getByRole('dialog', { name: '在线客服' });
    expect((await panel.boundingBox())?.width).toBe(375);

    await widget(page).getByRole('button', { name: '开始聊天' }).click();
    expect(await widget(page).getByRole('alert').allInnerTexts()).toEqual(['请填写此项。', '请填写此项。', '请填写此项。']);
    await widget(page).getByLabel('姓名').fill('李雷');
    await widget(page).getByLabel('电子邮箱').fill('lilei@example.com');
    await widget(page).getByLabel('请问有什么可以帮您？').fill('我的订单到哪了？');
    const arrived = nextEvent(agent, 'message:created');
    await widget(page).getByRole('button', { name: '开始聊天' }).click();
    const { message, conversation } = await arrived;
    expect(message.text).toBe('我的订单到哪了？');
    await expect
      .poll(() => app.db.customer.findUniqueOrThrow({ where: { id: conversation.customerId } }))
      .toMatchObject({ name: '李雷', attributes: { email: 'lilei@example.com' } });

    // The page may switch the language.
    await page.evaluate(() => (globalThis as any).ContactCenter.setLocale('en'));
    await expect.poll(() => widget(page).getByRole('dialog', { name: 'Chat with us' }).isVisible()).toBe(true);
  });

  it('lets the customer write when nobody is online, asks an e-mail once, and switches to online without a reload', async () => {
    const emptyTeam = await createTeam(app.db);
    const inbox = await createInbox({}, { teamId: emptyTeam.id });
    const page = await openPage(hostPage(inbox.publicToken));
    await openChat(page);
    await expect.poll(() => widget(page).getByText(/No one is available right now. Write to us anyway/).isVisible()).toBe(true);
    await widget(page).getByLabel('Your e-mail for the reply (optional)').fill('not an address');
    await widget(page).getByRole('button', { name: 'Save' }).click();
    expect(await widget(page).getByRole('alert').allInnerTexts()).toEqual(['Please enter a valid e-mail address.']);
    await widget(page).getByLabel('Your e-mail for the reply (optional)').fill('dana@example.com');
    await widget(page).getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => widget(page).getByText('Thanks! We will reply to dana@example.com.').isVisible()).toBe(true);
    // Asked once: the field is gone, the composer is there all along.
    expect(await widget(page).getByLabel('Your e-mail for the reply (optional)').count()).toBe(0);
    await say(page, 'Do you ship to Iceland?');
    await expect.poll(() => app.db.conversation.count({ where: { inboxId: inbox.id } })).toBe(1);
    const conversation = await app.db.conversation.findFirstOrThrow({ where: { inboxId: inbox.id } });
    await expect
      .poll(() => app.db.customer.findUniqueOrThrow({ where: { id: conversation.customerId } }))
      .toMatchObject({ attributes: { email: 'dana@example.com' } });

    // An agent of the inbox's team comes online: the notice goes away on the open page.
    const colleague = await createUser(app.db, { teamIds: [emptyTeam.id] });
    await api(app.url, await login(app.url, colleague.email), '/api/presence', { body: { status: 'ONLINE' } });
    await expect.poll(() => widget(page).getByText(/No one is available right now/).count(), { timeout: 15_000 }).toBe(0);
    await say(page, 'Great, someone is here');
    await expect.poll(() => app.db.message.count({ where: { conversationId: conversation.id } })).toBe(2);
  });

  it('shows a verified user their past conversation, and refuses an unverified one where identity is required', async () => {
    const inbox = await createInbox();
    const hash = createHmac('sha256', SECRET).update('customer-77').digest('hex');
    const user = { id: 'customer-77', name: 'Mia', email: 'mia@example.com', hash };
    // Earlier, on another device.
    const earlier = (await import('socket.io-client')).io(`${app.url}/widget`, {
      transports: ['websocket'],
      auth: { inboxToken: inbox.publicToken, user },
      extraHeaders: { origin: site.origin },
      forceNew: true,
      reconnection: false,
    });
    await new Promise((resolve, reject) => earlier.once('session', resolve).once('connect_error', reject));
    await request(earlier, 'message:send', { clientMessageId: 'earlier-1', text: 'Asked last week from my phone' });
    earlier.close();

    const setUser = `window.ContactCenter = [['setUser', ${JSON.stringify(user)}]];`;
    const page = await openPage(hostPage(inbox.publicToken, { before: setUser }));
    await openChat(page);
    await expect.poll(() => bubbleTexts(page)).toEqual([expect.stringContaining('Asked last week from my phone')]);
    await page.evaluate(() => (globalThis as any).ContactCenter.setAttributes({ plan: 'gold' }));
    await say(page, 'Still waiting');
    const identity = await app.db.customerIdentity.findFirstOrThrow({ where: { value: `${inbox.id}:customer-77` } });
    await expect
      .poll(() => app.db.customer.findUniqueOrThrow({ where: { id: identity.customerId } }))
      .toMatchObject({ name: 'Mia', attributes: { email: 'mia@example.com', custom: { plan: 'gold' } } });

    // Logging out on the website: the next person at this browser sees nothing of Mia's.
    await page.evaluate(() => (globalThis as any).ContactCenter.reset());
    await expect.poll(() => bubbleTexts(page)).toEqual([]);

    const strict = await createInbox({ identityRequired: true });
    const forged = `window.ContactCenter = [['setUser', ${JSON.stringify({ ...user, hash: '0'.repeat(64) })}]];`;
    const refused = await openPage(hostPage(strict.publicToken, { before: forged }));
    await openChat(refused);
    await expect.poll(() => widget(refused).getByText('Please sign in on this website to chat with us.').isVisible()).toBe(true);
    expect(await widget(refused).getByRole('textbox').count()).toBe(0);
  });

  it('asks for a rating when the agent resolves the conversation', async () => {
    const { agent, page, conversation } = await startChat('Thanks, that is all');
    await request(agent, 'conversation:status', { conversationId: conversation.id, status: 'RESOLVED' });

    await widget(page).getByRole('button', { name: '4 out of 5' }).click();
    await widget(page).getByLabel(/Anything you would like to add/).fill('Quick and friendly');
    await widget(page).getByRole('button', { name: 'Send rating' }).click();
    await expect.poll(() => widget(page).getByText('Thank you for your feedback!').isVisible()).toBe(true);
    expect(await app.db.satisfactionRating.findUnique({ where: { conversationId: conversation.id } })).toMatchObject({
      rating: 4,
      comment: 'Quick and friendly',
    });
    await page.reload();
    await openChat(page);
    await expect.poll(() => widget(page).getByText('Thank you for your feedback!').isVisible()).toBe(true);
  });

  it('shows the queue position that routing announces from any server process', async () => {
    const { agent, page, conversation } = await startChat('Is anyone there?');

    // Another process (routing) on the same Redis: the adapter carries its emit to the widget.
    const [publisher, subscriber] = [new Redis(TEST_REDIS_URL), new Redis(TEST_REDIS_URL)];
    const routing = new Server({ adapter: createAdapter(publisher, subscriber, { key: `${app.redisPrefix}:socket.io` }) });
    try {
      await expect
        .poll(async () => {
          routing
            .of('/widget')
            .to(rooms.customer(conversation.customerId))
            .emit('queue:position', { conversationId: conversation.id, position: 3, estimatedWaitSeconds: 240 });
          return widget(page).getByText('You are number 3 in line. Estimated wait: about 4 min.').isVisible();
        })
        .toBe(true);
    } finally {
      // Never attached to an HTTP server, so io.close() has no engine to close: drop the Redis links.
      publisher.disconnect();
      subscriber.disconnect();
    }
    await request(agent, 'message:send', { conversationId: conversation.id, text: 'Hi, Alice here.' });
    await expect.poll(() => widget(page).getByText(/in line/).count()).toBe(0);
  });
});
