import type { Prisma } from '@prisma/client';

/** A customer-timeline entry as clients see it (the console imports this type too). */
export interface TimelineEventView {
  id: string;
  customerId: string;
  conversationId: string | null;
  messageId: string | null;
  kind: string;
  actorType: string;
  actorUserId: string | null;
  actorName: string | null;
  data: Prisma.JsonValue;
  createdAt: string;
}
