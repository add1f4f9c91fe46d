import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { agentEmailReply, composeMail, eventually, MAILBOX_USER, SUPPORT_ADDRESS, useEmailTestBed } from '../helpers/email.js';
import { api, createTeam, createUser, createWebchatInbox, login } from '../helpers/fixtures.js';

const bed = useEmailTestBed({});

let sequence = 0;
const uniqueId = (label: string) => `<${label}-${Date.now()}-${++sequence}@customer.test>`;

function storedMessage(messageId: string) {
  return eventually(
    () => bed.app.db.message.findFirst({ where: { inboxId: bed.inboxId, channelMessageId: messageId }, include: { conversation: true } }),
    15_000,
    `message ${messageId} stored`,
  );
}

async function customerMail(from: string, options: Record<string, unknown> = {}) {
  const messageId = uniqueId('mail');
  await bed.dovecot.append(MAILBOX_USER, 'INBOX', await composeMail({ from, to: SUPPORT_ADDRESS, subject: 'Invoice 88 is wrong', text: 'Please fix it.', messageId, ...options }));
  return storedMessage(messageId);
}

/** A thread of `from`, answered by an agent, then answered from `secondFrom` quoting the agent's mail. */
async function answeredFromSecondAddress(from: string, secondFrom: string) {
  const first = await customerMail(from);
  const { mail: reply } = await agentEmailReply(bed, first.conversationId, 'We will correct it.');
  const answer = await customerMail(secondFrom, {
    subject: 'Re: Invoice 88 is wrong',
    text: 'Thanks, writing from my phone.',
    inReplyTo: reply.parsed.messageId,
    references: [first.channelMessageId!, reply.parsed.messageId!],
  });
  return { first, reply, answer };
}

const suggestionsOf = async (customerId: string, cookie = bed.agentCookie) => {
  const response = await api(bed.app.url, cookie, `/api/customers/${customerId}/merge-suggestions`);
  expect(response.status).toBe(200);
  return response.body.suggestions as { id: string; reason: string; customer: { id: string; name: string; emails: string[] } }[];
};
const merge = (targetId: string, sourceId: unknown, cookie = bed.agentCookie) =>
  api(bed.app.url, cookie, `/api/customers/${targetId}/merge`, { body: { sourceId } });

describe('customer merge suggestions and merging', () => {
  it('suggests merging when a person answers from a second address, and an agent merges them', async () => {
    const { first, reply, answer } = await answeredFromSecondAddress('"Pat Doe" <pat@work.customer.test>', '"Pat Doe" <pat.doe@private.test>');
    const customerA = first.conversation.customerId;
    const customerB = answer.conversation.customerId;
    // Stored as today: the second address is its own customer, in its own conversation.
    expect(customerB).not.toBe(customerA);
    expect(answer.conversationId).not.toBe(first.conversationId);

    const suggestion = await eventually(() => bed.app.db.customerMergeSuggestion.findFirst({ where: { customerId: customerA, candidateId: customerB } }));
    expect(suggestion).toMatchObject({ reason: 'same-name', dismissedAt: null });
    expect(await suggestionsOf(customerA)).toEqual([
      { id: suggestion.id, reason: 'same-name', createdAt: expect.any(String), customer: { id: customerB, name: 'Pat Doe', emails: ['pat.doe@private.test'] } },
    ]);
    expect((await suggestionsOf(customerB)).map((item) => item.customer.id)).toEqual([customerA]);

    const merged = await merge(customerA, customerB);
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ targetId: customerA, sourceId: customerB, movedIdentities: 1, movedConversations: 1 });
    expect(merged.body.customer.identities.map((identity: { value: string }) => identity.value).sort()).toEqual(['pat.doe@private.test', 'pat@work.customer.test']);

    const conversations = await bed.app.db.conversation.findMany({ where: { id: { in: [first.conversationId, answer.conversationId] } } });
    expect(conversations.map((row) => row.customerId)).toEqual([customerA, customerA]);
    expect(await bed.app.db.customer.findUniqueOrThrow({ where: { id: customerB } })).toMatchObject({ mergedIntoId: customerA });
    expect(await bed.app.db.customerIdentity.count({ where: { customerId: customerB } })).toBe(0);
    expect(await bed.app.db.timelineEvent.count({ where: { customerId: customerB } })).toBe(0);
    const event = await bed.app.db.timelineEvent.findFirstOrThrow({ where: { customerId: customerA, kind: 'customer_merged' } });
    expect(event.data).toMatchObject({ sourceId: customerB, sourceName: 'Pat Doe', movedIdentities: 1, movedConversations: 1 });
    expect(await suggestionsOf(customerA)).toEqual([]);

    // The panel lists both conversations, and the second address now threads into the first conversation.
    const panel = await api(bed.app.url, bed.agentCookie, `/api/customers/${customerA}`);
    expect(panel.body.conversations.map((item: { id: string }) => item.id).sort()).toEqual([first.conversationId, answer.conversationId].sort());
    const later = await customerMail('"Pat Doe" <pat.doe@private.test>', { subject: 'Re: Invoice 88 is wrong', inReplyTo: reply.parsed.messageId });
    expect(later.conversationId).toBe(first.conversationId);

    // Merging again, or into the merged customer, is refused.
    expect((await merge(customerA, customerB)).status).toBe(409);
    expect((await merge(customerB, customerA)).status).toBe(409);
  });

  it('suggests a reply from another name on the thread too, and an agent can dismiss it for good', async () => {
    const { first, answer } = await answeredFromSecondAddress('"Sam Rivera" <sam@work.customer.test>', '"S. R." <sr@elsewhere.test>');
    const customerA = first.conversation.customerId;
    const customerB = answer.conversation.customerId;
    const suggestion = await eventually(() => bed.app.db.customerMergeSuggestion.findFirst({ where: { customerId: customerA, candidateId: customerB } }));
    expect(suggestion.reason).toBe('thread-reply');

    const dismiss = (suggestionId: string, customerId = customerB) =>
      api(bed.app.url, bed.agentCookie, `/api/customers/${customerId}/merge-suggestions/${suggestionId}/dismiss`, { method: 'POST' });
    expect((await dismiss(randomUUID())).status).toBe(404);
    expect((await dismiss('not-an-id')).status).toBe(400);
    expect((await dismiss(suggestion.id)).status).toBe(204);
    expect(await suggestionsOf(customerA)).toEqual([]);

    // The same answer again does not bring the dismissed pair back.
    await customerMail('"S. R." <sr@elsewhere.test>', { subject: 'Re: Invoice 88 is wrong', inReplyTo: first.channelMessageId });
    expect(await suggestionsOf(customerA)).toEqual([]);
    expect((await bed.app.db.customerMergeSuggestion.findUniqueOrThrow({ where: { id: suggestion.id } })).dismissedAt).not.toBeNull();
  });

  it('refuses bad merges with a clear status', async () => {
    const own = await customerMail('solo@customer.test');
    const customerId = own.conversation.customerId;
    expect((await merge(customerId, customerId)).status).toBe(400);
    expect((await merge(customerId, 'nope')).status).toBe(400);
    expect((await merge(customerId, randomUUID())).status).toBe(404);
    expect((await merge(randomUUID(), customerId)).status).toBe(404);

    // A customer only another team works with: its agents may not merge them; supervisors may.
    const team = await createTeam(bed.app.db);
    const teamInbox = await createWebchatInbox(bed.app.db, { teamId: team.id });
    const teamsCustomer = await bed.app.services.conversations.ingestInbound({
      inboxId: teamInbox.id,
      identity: { kind: 'EMAIL', value: 'team-only@customer.test' },
      text: 'hello',
      threadConversationId: null,
    });
    const otherTeam = await createTeam(bed.app.db);
    const outsider = await login(bed.app.url, (await createUser(bed.app.db, { teamIds: [otherTeam.id] })).email);
    const refused = await merge(customerId, teamsCustomer.customerId, outsider);
    expect(refused.status).toBe(404);
    expect(await bed.app.db.customer.findUniqueOrThrow({ where: { id: teamsCustomer.customerId } })).toMatchObject({ mergedIntoId: null });

    const supervisor = await login(bed.app.url, (await createUser(bed.app.db, { role: 'SUPERVISOR' })).email);
    expect((await merge(customerId, teamsCustomer.customerId, supervisor)).status).toBe(200);
    expect(await bed.app.db.conversation.findUniqueOrThrow({ where: { id: teamsCustomer.conversation.id } })).toMatchObject({ customerId });
  });

  it('stores a message resolved to a customer before they were merged on the customer they were merged into', async () => {
    const write = (value: string, customerId?: string) =>
      bed.app.services.conversations.ingestInbound({ inboxId: bed.inboxId, identity: { kind: 'EMAIL', value }, text: 'hi', threadConversationId: null, ...(customerId && { customerId }) });
    const target = await write('late-target@customer.test');
    const source = await write('late-source@customer.test');
    expect((await merge(target.customerId, source.customerId)).status).toBe(200);
    // As ingest does when it resolved the sender just before the merge committed.
    const late = await write('late-source@customer.test', source.customerId);
    expect(late.customerId).toBe(target.customerId);
    expect(late.conversation.customerId).toBe(target.customerId);
    const [batched] = await bed.app.services.conversations.ingestInboundBatch([
      { inboxId: bed.inboxId, identity: { kind: 'EMAIL', value: 'late-source@customer.test' }, customerId: source.customerId, text: 'again', threadConversationId: null },
    ]);
    expect(batched!.conversation.customerId).toBe(target.customerId);
    expect(await bed.app.db.conversation.count({ where: { customerId: source.customerId } })).toBe(0);
  });
});
