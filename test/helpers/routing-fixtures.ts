import { randomUUID } from 'node:crypto';
import type { Prisma } from '@prisma/client';
import type { TestApp } from './test-app.js';
import { api, connectVisitor, createTeam, createUser, createWebchatInbox, eventually, login, request, type WidgetConnection } from './fixtures.js';

export interface OnlineAgent {
  id: string;
  name: string;
  cookie: string;
}

/** A team with its own web chat inbox, so each test routes only its own work. */
export async function teamWithInbox(app: TestApp, team: Partial<Prisma.TeamCreateInput> = {}, requiredSkills: string[] = []) {
  const created = await createTeam(app.db);
  const updated = await app.db.team.update({ where: { id: created.id }, data: team });
  const inbox = await createWebchatInbox(app.db, { teamId: created.id });
  await app.db.inbox.update({ where: { id: inbox.id }, data: { requiredSkills } });
  return { team: updated, inbox };
}

/** A new agent of these teams who logs in and goes ONLINE (or stays offline with online: false). */
export async function agentOf(
  app: TestApp,
  teamIds: string[],
  options: { capacity?: number; skills?: string[]; online?: boolean; name?: string } = {},
): Promise<OnlineAgent> {
  const user = await createUser(app.db, { teamIds, name: options.name });
  await app.db.user.update({ where: { id: user.id }, data: { capacity: options.capacity ?? 6, skills: options.skills ?? [] } });
  const cookie = await login(app.url, user.email);
  if (options.online !== false) await setPresence(app, cookie, 'ONLINE');
  return { id: user.id, name: user.name, cookie };
}

export async function setPresence(app: TestApp, cookie: string, status: 'ONLINE' | 'AWAY' | 'OFFLINE') {
  const response = await api(app.url, cookie, '/api/presence', { body: { status } });
  if (response.status !== 200) throw new Error(`presence ${status}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.presence;
}

export interface Chat {
  conversationId: string;
  visitor: WidgetConnection;
}

/** A visitor writes in; resolves once routing has queued (and possibly assigned) the conversation. */
export async function startChat(app: TestApp, inboxToken: string, options: { customerPriority?: number } = {}): Promise<Chat> {
  const visitor = await connectVisitor(app.url, inboxToken);
  if (options.customerPriority !== undefined) {
    await app.db.customer.create({
      data: {
        priority: options.customerPriority,
        identities: { create: { kind: 'WIDGET_VISITOR', value: visitor.visitorId } },
      },
    });
  }
  const ack = await request(visitor.socket, 'message:send', { clientMessageId: randomUUID(), text: 'I need help' });
  if (!ack.ok) throw new Error(`message refused: ${JSON.stringify(ack)}`);
  await waitForTimeline(app, ack.conversationId, 'routing.queued');
  return { conversationId: ack.conversationId, visitor };
}

export async function waitForTimeline(app: TestApp, conversationId: string, kind: string, timeoutMs?: number) {
  await eventually(
    async () => (await app.db.timelineEvent.count({ where: { conversationId, kind } })) > 0,
    `"${kind}" on conversation ${conversationId}`,
    timeoutMs,
  );
}

/** Waits until the conversation's assignee is `agentId` (or unassigned, for null). */
export async function waitForAssignee(app: TestApp, conversationId: string, agentId: string | null, timeoutMs?: number) {
  await eventually(
    async () => (await app.db.conversation.findUniqueOrThrow({ where: { id: conversationId } })).assigneeId === agentId,
    `conversation ${conversationId} to be assigned to ${agentId ?? 'nobody'}`,
    timeoutMs,
  );
}

export async function resolve(app: TestApp, cookie: string, conversationId: string) {
  const response = await api(app.url, cookie, `/api/conversations/${conversationId}/status`, { body: { status: 'RESOLVED' } });
  if (response.status !== 200) throw new Error(`resolve: ${response.status} ${JSON.stringify(response.body)}`);
}
