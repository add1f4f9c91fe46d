import type { ChannelKind, Inbox } from '@prisma/client';
import { AppError } from '../../domain/errors.js';
import type { Db } from '../../infra/db.js';
import type { EventBus } from '../../infra/event-bus.js';
import type { AdminService } from '../admin/admin.service.js';
import type { CustomersService } from '../customers/customers.service.js';
import type { ConversationEvents } from './conversation.events.js';

/** Hands a stored outbound message to its channel's delivery queue. */
export interface OutboundDispatcher {
  dispatch(message: { id: string; channel: ChannelKind }): Promise<void>;
}

/** What the conversation jobs need; other modules are reached only through their services. */
export interface ConversationsDeps {
  db: Db;
  bus: EventBus<ConversationEvents>;
  customers: Pick<CustomersService, 'resolveCustomer' | 'resolveCustomers' | 'priorityOf'>;
  /** Inboxes, teams and users are the admin module's. */
  admin: Pick<AdminService, 'findInboxes' | 'activeUsers' | 'hasTeam'>;
  outbound: OutboundDispatcher;
}

export interface Actor {
  userId: string;
}

export interface AttachmentInput {
  fileName: string;
  contentType: string;
  byteSize: number;
  storageKey: string;
}

export async function findInbox(admin: ConversationsDeps['admin'], inboxId: string): Promise<Inbox> {
  const [inbox] = await admin.findInboxes([inboxId]);
  if (!inbox) throw new AppError('not_found', 'No inbox with this id.');
  return inbox;
}
