import type { WidgetMessage } from '../../src/contracts/widget.views.js';
import type { OutboxEntry } from './outbox.js';

/** A message on screen: confirmed by the server, or still waiting in the outbox, or refused. */
export type ChatMessage = WidgetMessage & { local?: 'pending' | 'refused'; refusal?: string };

/** How a waiting message looks until the server confirms it. */
export function pendingMessage(entry: OutboxEntry, refusal?: string): ChatMessage {
  return {
    id: `local:${entry.clientMessageId}`,
    conversationId: '',
    direction: 'INBOUND',
    senderName: null,
    text: entry.text ?? '',
    clientMessageId: entry.clientMessageId,
    deliveryStatus: null,
    attachments: (entry.uploads ?? []).map((upload) => ({ ...upload, id: upload.token, url: '' })),
    createdAt: entry.createdAt,
    local: refusal === undefined ? 'pending' : 'refused',
    refusal,
  };
}

/**
 * Adds or replaces messages: one entry per id, and a confirmed message replaces the
 * local one with its client message id. Confirmed messages keep the server's order;
 * local ones follow, in the order they were written.
 */
export function mergeMessages(current: ChatMessage[], incoming: ChatMessage[]): ChatMessage[] {
  const confirmedClientIds = new Set(
    [...current, ...incoming].filter((message) => !message.local && message.clientMessageId).map((message) => message.clientMessageId),
  );
  const byId = new Map<string, ChatMessage>();
  for (const message of [...current, ...incoming]) {
    if (message.local && confirmedClientIds.has(message.clientMessageId)) continue;
    byId.set(message.id, message);
  }
  return [...byId.values()].sort(compareMessages);
}

function compareMessages(a: ChatMessage, b: ChatMessage): number {
  if (Boolean(a.local) !== Boolean(b.local)) return a.local ? 1 : -1;
  return a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1;
}

/** Agents' messages the customer has not seen yet. */
export function countUnread(messages: ChatMessage[], lastReadAt: string | null): number {
  return messages.filter((message) => message.direction === 'OUTBOUND' && (!lastReadAt || message.createdAt > lastReadAt)).length;
}
