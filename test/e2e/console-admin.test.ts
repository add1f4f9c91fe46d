import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.js';
import { openConsole } from '../helpers/console-page.js';
import { createTeam, createUser, createWebchatInbox } from '../helpers/fixtures.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/* The admin pages in Debian's Chromium: every change is checked where it lands, in the database. */

let app: TestApp;
let browser: Browser;
let adminEmail: string;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [app, browser] = await Promise.all([startTestApp({ ROUTING_HEARTBEAT_TIMEOUT_SECONDS: '3600' }), launchChromium()]);
  adminEmail = (await createUser(app.db, { role: 'ADMIN', name: 'Ada Admin' })).email;
});

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** Signed in as the admin, on `#/admin/<path>`. */
async function adminPage(path: string, email = adminEmail): Promise<Page> {
  const session = await openConsole(browser, app.url, email);
  contexts.push(session.context);
  await session.page.setViewportSize({ width: 1280, height: 800 });
  await session.page.goto(`${app.url}/#/admin/${path}`);
  return session.page;
}

describe('admin pages', () => {
  it('tells a supervisor the admin pages are for admins only', async () => {
    const supervisor = await createUser(app.db, { role: 'SUPERVISOR' });
    const page = await adminPage('inboxes', supervisor.email);
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/admins only/i);
    expect(await page.getByRole('link', { name: 'Admin' }).count()).toBe(0);
    expect(await page.getByRole('heading', { level: 1, name: 'Inboxes', exact: true }).count()).toBe(0);
  });

  it('redirects #/admin to the inboxes and switches to Simplified Chinese', async () => {
    const page = await adminPage('');
    await page.getByRole('heading', { level: 1, name: 'Inboxes', exact: true }).waitFor();
    expect(page.url()).toMatch(/#\/admin\/inboxes$/);
    await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'Labels' }).click();
    await page.getByRole('heading', { level: 1, name: 'Labels', exact: true }).waitFor();
    await page.getByTestId('language-switch').selectOption('zh-CN');
    await page.getByRole('heading', { level: 1, name: '标签', exact: true }).waitFor();
    await page.getByRole('link', { name: '收件箱' }).click();
    await page.getByRole('heading', { level: 1, name: '收件箱', exact: true }).waitFor();
    await page.getByTestId('language-switch').selectOption('en');
    await page.getByRole('heading', { level: 1, name: 'Inboxes', exact: true }).waitFor();

    // The top bar's links are absolute from inside the nested admin routes, and mark where you are.
    const topNav = page.getByRole('navigation', { name: 'Main' });
    expect(await topNav.getByRole('link', { name: 'Admin' }).getAttribute('aria-current')).toBe('page');
    await topNav.getByRole('link', { name: 'Conversations' }).click();
    await expect.poll(() => page.url()).toMatch(/#\/$/);
    expect(await topNav.getByRole('link', { name: 'Conversations' }).getAttribute('aria-current')).toBe('page');
  });

  it('creates a label, and shows the server refusing a second one of the same name in words', async () => {
    const page = await adminPage('labels');
    await page.getByRole('button', { name: 'New label' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('VIP customer');
    await dialog.getByLabel('Colour').fill('#aa2299');
    await dialog.getByLabel('Description').fill('Pays for the gold plan');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => app.db.label.findFirst({ where: { name: 'VIP customer' } })).toMatchObject({ color: '#aa2299', description: 'Pays for the gold plan' });
    await page.getByRole('cell', { name: 'VIP customer' }).waitFor();

    await page.getByRole('button', { name: 'New label' }).click();
    await dialog.getByLabel('Name').fill('VIP customer');
    const answer = page.waitForResponse((response) => response.url().endsWith('/api/labels') && response.request().method() === 'POST');
    await dialog.getByRole('button', { name: 'Save' }).click();
    const refused = await answer;
    expect(refused.status()).toBe(409);
    const { error } = (await refused.json()) as { error: { message: string } };
    await expect.poll(() => dialog.getByRole('alert').textContent()).toContain(error.message);
    expect(await app.db.label.count({ where: { name: 'VIP customer' } })).toBe(1);
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('row', { name: /VIP customer/ }).getByRole('button', { name: 'Delete' }).click();
    await page.getByText('Delete “VIP customer”? This cannot be undone.').waitFor();
    expect(await app.db.label.count({ where: { name: 'VIP customer' } })).toBe(1);
    await page.getByRole('button', { name: 'Yes, delete' }).click();
    await expect.poll(() => app.db.label.count({ where: { name: 'VIP customer' } })).toBe(0);
    await page.getByText('No labels yet.').waitFor();
  });

  it('creates a canned response with a variable', async () => {
    const page = await adminPage('canned-responses');
    await page.getByRole('button', { name: 'New canned response' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Short code').fill('/greet');
    await dialog.getByLabel('Title').fill('Greeting');
    await dialog.getByLabel('Text').fill('Hello ');
    await dialog.getByRole('button', { name: '{{customer.name}}' }).click();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => app.db.cannedResponse.findFirst({ where: { shortCode: 'greet' } }))
      .toMatchObject({ title: 'Greeting', content: 'Hello {{customer.name}}' });
    await page.getByRole('cell', { name: 'Greeting' }).waitFor();
    await page.getByRole('searchbox').fill('nothing like it');
    await page.getByText('No canned response matches the search.').waitFor();
  });

  it('edits a web chat inbox’s business hours, checks close after open, and shows the embed snippet with the inbox token', async () => {
    const inbox = await createWebchatInbox(app.db);
    const page = await adminPage(`business-hours/${inbox.id}`);
    await page.getByLabel('Always open (no business hours)').uncheck();
    await page.getByLabel('Time zone').selectOption('Asia/Shanghai');
    // Monday to Friday 09:00–17:00 to start with; Friday closes before it opens.
    await page.getByLabel('Row 5 Closes').fill('08:00');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('The closing time must be after the opening time.').waitFor();
    expect((await app.db.inbox.findUniqueOrThrow({ where: { id: inbox.id } })).settings).not.toHaveProperty('businessHours');

    await page.getByLabel('Row 5 Closes').fill('13:30');
    await page.getByRole('button', { name: 'Add opening' }).click();
    await page.getByLabel('Row 6 Day').selectOption('sat');
    await page.getByLabel('Row 6 Opens').fill('10:00');
    await page.getByLabel('Row 6 Closes').fill('14:00');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(async () => ((await app.db.inbox.findUniqueOrThrow({ where: { id: inbox.id } })).settings as any).businessHours)
      .toEqual({
        timeZone: 'Asia/Shanghai',
        intervals: [
          { day: 'mon', open: '09:00', close: '17:00' },
          { day: 'tue', open: '09:00', close: '17:00' },
          { day: 'wed', open: '09:00', close: '17:00' },
          { day: 'thu', open: '09:00', close: '17:00' },
          { day: 'fri', open: '09:00', close: '13:30' },
          { day: 'sat', open: '10:00', close: '14:00' },
        ],
      });

    await page.getByLabel('Always open (no business hours)').check();
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await app.db.inbox.findUniqueOrThrow({ where: { id: inbox.id } })).settings).not.toHaveProperty('businessHours');

    await page.goto(`${app.url}/#/admin/inboxes/${inbox.id}`);
    const snippet = await page.getByTestId('embed-snippet').inputValue();
    expect(snippet).toBe(`<script src="${app.url}/widget.js" data-inbox="${inbox.publicToken}" async></script>`);
    await page.getByRole('button', { name: 'Copy' }).first().click();
    await page.getByText(/Copied to the clipboard|the text is selected/).waitFor();
  });

  it('shows the server’s validation details in words', async () => {
    const inbox = await createWebchatInbox(app.db);
    const page = await adminPage(`inboxes/${inbox.id}`);
    await page.getByLabel('Allowed websites').fill('https://shop.example\nnot a website');
    await page.getByRole('button', { name: 'Save' }).nth(1).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/The server did not accept these values:.*Allowed websites › Row 2: /);
    expect((await app.db.inbox.findUniqueOrThrow({ where: { id: inbox.id } })).settings).not.toHaveProperty('allowedOrigins');

    await page.getByLabel('Allowed websites').fill('https://shop.example');
    await page.getByLabel('Greeting in English').fill('Welcome!');
    await page.getByLabel('Greeting in Chinese (简体中文)').fill('欢迎！');
    await page.getByRole('button', { name: 'Save' }).nth(1).click();
    await expect
      .poll(async () => (await app.db.inbox.findUniqueOrThrow({ where: { id: inbox.id } })).settings)
      .toMatchObject({ allowedOrigins: ['https://shop.example'], greeting: { en: 'Welcome!', 'zh-CN': '欢迎！' }, defaultLocale: 'en' });
  });

  it('creates an e-mail inbox with write-only secrets', async () => {
    const page = await adminPage('inboxes');
    await page.getByRole('button', { name: 'New e-mail inbox' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name', { exact: true }).fill('Shop mail');
    await dialog.getByLabel('Address').fill('help@shop.example');
    await dialog.getByLabel('Server', { exact: true }).fill('imap.shop.example');
    await dialog.getByLabel('User name').fill('help');
    await dialog.getByLabel('Password or token').fill('imap password');
    await dialog.getByLabel('Enabled (read the mailbox)').uncheck();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => app.db.emailMailbox.findFirst({ where: { address: 'help@shop.example' }, include: { inbox: true } }))
      .toMatchObject({ imapHost: 'imap.shop.example', imapPort: 993, imapUser: 'help', enabled: false, inbox: { name: 'Shop mail', channel: 'EMAIL' } });
    const stored = await app.db.emailMailbox.findFirstOrThrow({ where: { address: 'help@shop.example' } });
    expect(stored.imapSecret).not.toContain('imap password');
    await page.getByRole('cell', { name: 'help@shop.example' }).waitFor();
  });

  it('edits a team’s members', async () => {
    const team = await createTeam(app.db, 'Billing desk');
    const [kept, added] = await Promise.all([createUser(app.db, { name: 'Kim Kept', teamIds: [team.id] }), createUser(app.db, { name: 'Alex Added' })]);
    const page = await adminPage('teams');
    await page.getByRole('row', { name: /Billing desk/ }).getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Alex Added').check();
    await dialog.getByLabel('Routing policy').selectOption('ROUND_ROBIN');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(async () => (await app.db.teamMembership.findMany({ where: { teamId: team.id } })).map((membership) => membership.userId).sort())
      .toEqual([kept.id, added.id].sort());
    expect((await app.db.team.findUniqueOrThrow({ where: { id: team.id } })).routingPolicy).toBe('ROUND_ROBIN');
    await expect.poll(() => page.getByTestId('members-Billing desk').textContent()).toContain('Alex Added');
  });

  it('edits an agent’s role, capacity, skills, teams and whether they are active', async () => {
    const team = await createTeam(app.db, 'Edit team');
    const agent = await createUser(app.db, { name: 'Eddie Edited' });
    const page = await adminPage('agents');
    await page.getByRole('row', { name: /Eddie Edited/ }).getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Role').selectOption('SUPERVISOR');
    await dialog.getByLabel('Capacity').fill('3');
    await dialog.getByLabel('Skills').fill('vip');
    await dialog.getByLabel('Skills').press('Enter');
    await dialog.getByLabel('Edit team').check();
    await dialog.getByLabel(/^Active/).uncheck();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => app.db.user.findUniqueOrThrow({ where: { id: agent.id }, include: { memberships: true } }))
      .toMatchObject({ role: 'SUPERVISOR', capacity: 3, skills: ['vip'], active: false, memberships: [{ teamId: team.id }] });
    await page.getByRole('row', { name: /Eddie Edited/ }).getByText('Deactivated').waitFor();
  });

  it('invites an agent, who opens the link, sets a password and is signed in', async () => {
    const team = await createTeam(app.db, 'Invite team');
    const page = await adminPage('agents');
    await page.getByRole('button', { name: 'Invite an agent' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('E-mail').fill('newbie@example.test');
    await dialog.getByLabel('Name').fill('Nina Newbie');
    await dialog.getByLabel('Capacity').fill('4');
    await dialog.getByLabel('Skills').fill('billing, lang:zh');
    await dialog.getByLabel('Skills').press('Enter');
    await dialog.getByLabel('Invite team').check();
    await dialog.getByRole('button', { name: 'Create invitation' }).click();
    const inviteUrl = await dialog.getByTestId('invite-url').inputValue();
    expect(inviteUrl).toMatch(new RegExp(`^${app.url}/#/invite/.+`));

    const invited = await app.db.user.findUniqueOrThrow({ where: { email: 'newbie@example.test' }, include: { memberships: true } });
    expect(invited).toMatchObject({ name: 'Nina Newbie', role: 'AGENT', capacity: 4, skills: ['billing', 'lang:zh'] });
    expect(invited.inviteTokenHash).not.toBeNull();
    expect(invited.memberships.map((membership) => membership.teamId)).toEqual([team.id]);
    await dialog.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('row', { name: /Nina Newbie/ }).getByText('Invited').waitFor();

    const guest = await browser.newContext({ locale: 'en-US' });
    contexts.push(guest);
    const invitee = await guest.newPage();
    await invitee.goto(inviteUrl);
    await invitee.getByLabel('Password', { exact: true }).fill('a long new password');
    await invitee.getByLabel('Repeat the password').fill('a long new password');
    await invitee.getByRole('button', { name: 'Set password and sign in' }).click();
    await invitee.getByTestId('presence').waitFor();
    await expect.poll(async () => (await app.db.user.findUniqueOrThrow({ where: { id: invited.id } })).inviteTokenHash).toBeNull();
  });

  it("shows an e-mail inbox's quarantined and automatic mail, in English and Chinese", async () => {
    const inbox = await app.db.inbox.create({
      data: {
        name: 'Support mail',
        channel: 'EMAIL',
        publicToken: `mail-${Date.now()}`,
        emailMailbox: { create: { address: 'help@shop.test', enabled: false, imapHost: '127.0.0.1', imapPort: 1, imapUser: 'help', imapSecret: '' } },
      },
      include: { emailMailbox: true },
    });
    const held = (kind: 'AUTOMATIC' | 'QUARANTINED', subject: string, reason: string) => ({
      mailboxId: inbox.emailMailbox!.id,
      kind,
      reason,
      messageId: `<${subject}@shop.test>`,
      fromAddress: 'someone@customer.test',
      subject,
      raw: new Uint8Array(Buffer.from(`Subject: ${subject}\r\n\r\nbody`)),
      rawSha256: subject,
    });
    await app.db.emailHeldMail.createMany({
      data: [held('QUARANTINED', 'Broken invoice', 'refused by the database'), held('AUTOMATIC', 'Automatic reply: away', 'Automatic reply from a sender who is not a customer.')],
    });
    const page = await adminPage(`inboxes/${inbox.id}`);
    const card = page.getByTestId('held-mails');
    await card.getByText('Broken invoice').waitFor();
    expect(await card.getByText('refused by the database').count()).toBe(1);
    expect(await card.getByRole('button', { name: 'Store again' }).count()).toBe(1);
    await card.getByRole('tab', { name: 'Automatic replies' }).click();
    await card.getByText('Automatic reply: away').waitFor();
    expect(await card.getByRole('button', { name: "Store as a customer's mail" }).count()).toBe(1);
    await page.getByTestId('language-switch').selectOption('zh-CN');
    await page.getByRole('heading', { name: '暂存邮件' }).waitFor();
    await page.getByTestId('language-switch').selectOption('en');
  });
});
