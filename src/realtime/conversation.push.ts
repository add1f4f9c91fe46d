import type { Server } from 'socket.io';
import type { EventBus } from '../infra/event-bus.js';
import type { ConversationEvents } from '../modules/conversations/conversation.events.js';
import type { ConversationView } from '../contracts/conversation.views.js';
import { rooms } from './rooms.js';
import { agentNamespace } from './socket-server.js';

/** The team of an inbox (null: none), for work no team owns yet. */
export type InboxTeamOf = (inboxId: string) => Promise<string | null>;

/**
 * Everyone in the console who may see this version of the conversation (the access policy's rule):
 * its watchers, supervisors, its assignee and team, or, with no team, its inbox's team (everyone
 * when the inbox has none). The previous version's assignee and team hear of the change too, so
 * their lists drop it.
 */
export function agentRoomsFor(inboxTeamOf: InboxTeamOf, conversation: ConversationView, previous?: ConversationView): string[] | Promise<string[]> {
  const targets = [rooms.conversation(conversation.id), rooms.supervisors];
  for (const version of [conversation, previous]) {
    if (version?.assigneeId) targets.push(rooms.agent(version.assigneeId));
    if (version?.teamId) targets.push(rooms.team(version.teamId));
  }
  if (conversation.teamId) return targets;
  return inboxTeamOf(conversation.inboxId).then((inboxTeamId) => [...targets, inboxTeamId ? rooms.team(inboxTeamId) : rooms.allAgents]);
}

/** Emits at once when the rooms are known without a lookup, so pushes of team work keep their order. */
function whenKnown(targets: string[] | Promise<string[]>, emit: (targets: string[]) => void): void | Promise<void> {
  if (Array.isArray(targets)) return emit(targets);
  return targets.then(emit);
}

/** Lookups of an inbox while one is in flight share it: a burst of mail costs one query, and no answer is ever stale. */
function sharedWhileInFlight(lookup: InboxTeamOf): InboxTeamOf {
  const inFlight = new Map<string, Promise<string | null>>();
  return (inboxId) => {
    const pending = inFlight.get(inboxId) ?? lookup(inboxId).finally(() => inFlight.delete(inboxId));
    inFlight.set(inboxId, pending);
    return pending;
  };
}

/** Listeners that push conversation events to the console's sockets. */
export function pushConversationEventsToAgents(io: Server, bus: EventBus<ConversationEvents>, lookupInboxTeam: InboxTeamOf): void {
  const agents = agentNamespace(io);
  const inboxTeamOf = sharedWhileInFlight(lookupInboxTeam);
  bus.on('conversation.opened', ({ conversation }) =>
    whenKnown(agentRoomsFor(inboxTeamOf, conversation), (targets) => agents.to(targets).emit('conversation:opened', { conversation })),
  );
  bus.on('conversation.updated', ({ conversation, previous }) =>
    whenKnown(agentRoomsFor(inboxTeamOf, conversation, previous), (targets) =>
      agents.to(targets).emit('conversation:updated', { conversation }),
    ),
  );
  bus.on('message.created', ({ message, conversation }) =>
    whenKnown(agentRoomsFor(inboxTeamOf, conversation), (targets) => agents.to(targets).emit('message:created', { message, conversation })),
  );
  bus.on('message.updated', ({ message, conversation }) =>
    whenKnown(agentRoomsFor(inboxTeamOf, conversation), (targets) => agents.to(targets).emit('message:updated', { message })),
  );
}

/**
 * When a conversation changes team or assignee, consoles watching it that may no longer see it leave
 * its room, so its live messages stop reaching them (on every process: the Redis adapter relays).
 */
export function evictWatchersWhoLostAccess(
  io: Server,
  bus: EventBus<ConversationEvents>,
  maySee: (userId: string, conversationId: string) => Promise<boolean>,
): void {
  const agents = agentNamespace(io);
  bus.on('conversation.updated', async ({ conversation, previous }) => {
    if (conversation.teamId === previous.teamId && conversation.assigneeId === previous.assigneeId) return;
    const room = rooms.conversation(conversation.id);
    const watchers = await agents.in(room).fetchSockets();
    await Promise.all(
      watchers.map(async (watcher) => {
        const userId = (watcher.data as { user: { id: string } }).user.id;
        if (!(await maySee(userId, conversation.id))) watcher.leave(room);
      }),
    );
  });
}
