import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createUser, createWebchatInbox, login } from '../helpers/fixtures.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let cookie: string;
let agentId: string;
let chatInboxId: string;
let ticketInboxId: string;

beforeAll(async () => {
  app = await startTestApp();
  const agent = await createUser(app.db, { role: 'AGENT' });
  agentId = agent.id;
  cookie = await login(app.url, agent.email);
  chatInboxId = (await createWebchatInbox(app.db)).id;
  ticketInboxId = (await app.db.inbox.create({ data: { name: 'Tickets', channel: 'TICKET', publicToken: `t-${randomBytes(4).toString('hex')}` } })).id;
});

afterAll(async () => {
  await app?.close();
});

async function customerWithConversations(email: string) {
  const write = (inboxId: string, text: string) =>
    app.services.conversations.ingestInbound({ inboxId, identity: { kind: 'EMAIL', value: email }, text, threadConversationId: null });
  const chat = await write(chatInboxId, 'chat');
  const ticket = await write(ticketInboxId, 'ticket');
  const resolvedTicket = await write(ticketInboxId, 'old ticket');
  await app.db.conversation.update({ where: { id: resolvedTicket.conversation.id }, data: { status: 'RESOLVED' } });
  const merged = await write(chatInboxId, 'merged away');
  await app.db.conversation.update({ where: { id: merged.conversation.id }, data: { mergedIntoId: chat.conversation.id } });
  return { customerId: chat.customerId, chat: chat.conversation, ticket: ticket.conversation, resolvedTicket: resolvedTicket.conversation };
}

const patchCustomer = (customerId: string, body: unknown) => api(app.url, cookie, `/api/customers/${customerId}`, { method: 'PATCH', body });

describe('customer panel', () => {
  it('shows the customer with identities, latest conversations and open tickets, never merged ones', async () => {
    const { customerId, chat, ticket, resolvedTicket } = await customerWithConversations('panel@example.test');
    const response = await api(app.url, cookie, `/api/customers/${customerId}`);
    expect(response.status).toBe(200);
    expect(response.body.customer).toEqual({
      id: customerId,
      name: '',
      company: '',
      tier: 'STANDARD',
      priority: 0,
      attributes: {},
      identities: [{ kind: 'EMAIL', value: 'panel@example.test', verified: false }],
      mergedIntoId: null,
      createdAt: expect.any(String),
    });
    expect(response.body.conversations.map((item: { id: string }) => item.id)).toEqual([resolvedTicket.id, ticket.id, chat.id]);
    expect(response.body.conversations[2]).toEqual({
      id: chat.id,
      number: chat.number,
      status: 'OPEN',
      subject: '',
      channel: 'WEBCHAT',
      inboxName: 'Website',
      lastMessageAt: expect.any(String),
    });
    expect(response.body.openTickets.map((item: { id: string }) => item.id)).toEqual([ticket.id]);
  });

  it('changes name, company, tier and custom attributes (merged, null deletes) and records it', async () => {
    const { customerId } = await customerWithConversations('edit@example.test');
    expect((await patchCustomer(customerId, { attributes: { plan: 'pro', seats: 5, trial: true } })).status).toBe(200);
    const changed = await patchCustomer(customerId, { name: 'Erin Edit', company: 'Acme', tier: 'GOLD', attributes: { seats: 10, trial: null } });
    expect(changed.status).toBe(200);
    expect(changed.body.customer).toMatchObject({ name: 'Erin Edit', company: 'Acme', tier: 'GOLD', attributes: { custom: { plan: 'pro', seats: 10 } } });
    const events = await app.db.timelineEvent.findMany({ where: { customerId, kind: 'customer_updated' }, orderBy: { createdAt: 'asc' } });
    expect(events.at(-1)).toMatchObject({ actorUserId: agentId, data: { name: 'Erin Edit', company: 'Acme', tier: 'GOLD', attributes: { seats: 10, trial: null } } });
  });

  it('refuses more than 50 custom attributes in all', async () => {
    const { customerId } = await customerWithConversations('many@example.test');
    const forty = Object.fromEntries(Array.from({ length: 40 }, (_, index) => [`a${index}`, index]));
    const twenty = Object.fromEntries(Array.from({ length: 20 }, (_, index) => [`b${index}`, index]));
    expect((await patchCustomer(customerId, { attributes: forty })).status).toBe(200);
    const tooMany = await patchCustomer(customerId, { attributes: twenty });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toMatch(/at most 50/);
  });

  it.each([
    ['an unknown tier', { tier: 'DIAMOND' }],
    ['an attribute name over 50 characters', { attributes: { ['k'.repeat(51)]: 'x' } }],
    ['an attribute value over 500 characters', { attributes: { note: 'x'.repeat(501) } }],
    ['a nested attribute value', { attributes: { address: { city: 'Berlin' } } }],
    ['nothing to change', {}],
    ['a field that is not editable', { priority: 5 }],
  ])('refuses %s with 400', async (_what, body) => {
    const { customerId } = await customerWithConversations(`${randomBytes(4).toString('hex')}@example.test`);
    const response = await patchCustomer(customerId, body);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toBeTruthy();
  });

  it('answers an unknown customer with 404', async () => {
    expect((await patchCustomer(randomUUID(), { name: 'x' })).status).toBe(404);
  });
});
