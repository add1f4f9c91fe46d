import type { MessageView } from '../../../../src/contracts/conversation.views';
import type { RatingView } from '../../../../src/contracts/csat.views';
import type { TimelineEventView } from '../../../../src/contracts/timeline.views';

export type ThreadEntry = { type: 'message'; at: string; message: MessageView } | { type: 'event'; at: string; event: TimelineEventView };

/** Timeline kinds that are messages: those come from the messages themselves. */
const MESSAGE_KINDS = new Set(['message.received', 'message.sent', 'note.added']);

/** Adds or replaces messages by id, oldest first. */
export function mergeMessages(current: readonly MessageView[], incoming: readonly MessageView[]): MessageView[] {
  const byId = new Map(current.map((message) => [message.id, message]));
  for (const message of incoming) byId.set(message.id, message);
  return [...byId.values()].sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1));
}

export function mergeEvents(current: readonly TimelineEventView[], incoming: readonly TimelineEventView[]): TimelineEventView[] {
  const byId = new Map(current.map((event) => [event.id, event]));
  for (const event of incoming) if (!MESSAGE_KINDS.has(event.kind)) byId.set(event.id, event);
  return [...byId.values()];
}

/**
 * One scroll, oldest first: messages and the system lines between them. While older messages
 * remain unloaded, events older than the oldest loaded message wait for them.
 */
export function buildEntries(messages: readonly MessageView[], events: readonly TimelineEventView[], hasOlder: boolean): ThreadEntry[] {
  const oldest = messages[0]?.createdAt;
  const entries: ThreadEntry[] = [
    ...messages.map((message): ThreadEntry => ({ type: 'message', at: message.createdAt, message })),
    ...events
      .filter((event) => !hasOlder || !oldest || event.createdAt >= oldest)
      .map((event): ThreadEntry => ({ type: 'event', at: event.createdAt, event })),
  ];
  return entries.sort((a, b) => (a.at === b.at ? (a.type === 'event' ? 1 : -1) : a.at < b.at ? -1 : 1));
}

export interface EventLine {
  key: string;
  values: Record<string, string>;
}

/** The words of a system line: an i18n key under `events.` and its values. */
export function describeEvent(event: TimelineEventView, nameOf: (userId: string | null) => string | null): EventLine {
  const data = (event.data ?? {}) as Record<string, { from?: string | null; to?: string | null } | string | undefined>;
  const change = (field: string) => (typeof data[field] === 'object' ? (data[field] as { from?: string | null; to?: string | null }) : undefined);
  const actor = event.actorName ?? '';
  switch (event.kind) {
    case 'status.changed':
      return { key: 'events.status', values: { actor, to: change('status')?.to ?? '' } };
    case 'assignee.changed':
    case 'routing.assigned': {
      const to = change('assigneeId')?.to ?? (typeof data.agentId === 'string' ? data.agentId : null);
      if (!to) return { key: 'events.unassigned', values: { actor } };
      // Nobody assigned it by hand: routing did.
      return { key: actor ? 'events.assigned' : 'events.routed', values: { actor, to: nameOf(to) ?? '' } };
    }
    case 'routing.transferred': {
      const to = nameOf(change('assigneeId')?.to ?? null);
      // To a team's queue rather than a person: nobody to name.
      return to ? { key: 'events.transferred', values: { actor, to } } : { key: 'events.transferredToQueue', values: { actor } };
    }
    case 'team.changed':
      return { key: 'events.team', values: { actor } };
    case 'priority.changed':
      return { key: 'events.priority', values: { actor, to: change('priority')?.to ?? '' } };
    case 'labels_changed':
      return { key: 'events.labels', values: { actor } };
    case 'merged':
      return { key: 'events.merged', values: { actor } };
    case 'conversation.opened':
      return { key: 'events.opened', values: {} };
    case 'conversation.reopened':
      return { key: 'events.reopened', values: {} };
    case 'routing.queued':
    case 'routing.requeued':
      return { key: 'events.queued', values: {} };
    case 'delivery.failed':
      return { key: 'events.deliveryFailed', values: {} };
    case 'csat.rated': {
      const rating = ratingOf(event);
      return rating?.comment
        ? { key: 'events.csatComment', values: { rating: String(rating.rating), comment: rating.comment } }
        : { key: 'events.csat', values: { rating: String(rating?.rating ?? '') } };
    }
    default:
      return { key: 'events.other', values: { kind: event.kind } };
  }
}

function ratingOf(event: TimelineEventView): RatingView | null {
  const data = (event.data ?? {}) as Record<string, unknown>;
  if (typeof data.rating !== 'number') return null;
  return { rating: data.rating, comment: typeof data.comment === 'string' ? data.comment : '' };
}

/** The customer's latest rating of this conversation among the timeline events loaded (a new one replaces the old). */
export function latestRating(events: TimelineEventView[], conversationId: string): RatingView | null {
  const rated = events.filter((event) => event.kind === 'csat.rated' && event.conversationId === conversationId);
  const latest = rated.reduce<TimelineEventView | null>((found, event) => (!found || event.createdAt > found.createdAt ? event : found), null);
  return latest && ratingOf(latest);
}
