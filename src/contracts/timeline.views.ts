import type { ActorType } from './enums.js';
import type { JsonValue } from './json.js';

/** A customer-timeline entry as clients see it. */
export interface TimelineEventView {
  id: string;
  customerId: string;
  conversationId: string | null;
  messageId: string | null;
  /** What happened, e.g. `status.changed`; the server's TimelineEventKind lists them. */
  kind: string;
  actorType: ActorType;
  actorUserId: string | null;
  actorName: string | null;
  data: JsonValue;
  createdAt: string;
}
