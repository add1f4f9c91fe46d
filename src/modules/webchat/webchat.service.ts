import type { Inbox } from '@prisma/client';
import { AppError } from '../../domain/errors.js';
import type { Db } from '../../infra/db.js';
import type { ConversationsService } from '../conversations/conversations.service.js';
import type { CustomersService } from '../customers/customers.service.js';
import type { Visitor, VisitorTokens } from './visitor-token.js';

export interface WidgetSession {
  inbox: Inbox;
  visitor: Visitor;
  visitorToken: string;
}

/** Web chat use-cases: a visitor's session, their messages and their history. */
export class WebchatService {
  constructor(
    private readonly db: Db,
    private readonly tokens: VisitorTokens,
    private readonly customers: CustomersService,
    private readonly conversations: ConversationsService,
  ) {}

  /** Resumes the visitor a valid token names, or starts a new one. */
  async openSession(inboxToken: string, visitorToken: string | undefined, origin: string | undefined): Promise<WidgetSession> {
    const inbox = await this.db.inbox.findUnique({ where: { publicToken: inboxToken } });
    if (!inbox || inbox.channel !== 'WEBCHAT') throw new AppError('not_found', 'No web chat inbox with this token.');
    if (!originAllowed(inbox, origin)) throw new AppError('forbidden', 'This website may not use this chat.');
    const resumed = visitorToken ? this.tokens.verify(visitorToken, inbox.id) : null;
    if (resumed && visitorToken) return { inbox, visitor: resumed, visitorToken };
    const issued = this.tokens.issue(inbox.id);
    return { inbox, visitor: issued.visitor, visitorToken: issued.token };
  }

  /** The customer a visitor became with their first message, if they wrote one. */
  async findVisitorCustomer(visitor: Visitor) {
    return this.customers.findCustomerByIdentity({ kind: 'WIDGET_VISITOR', value: visitor.visitorId });
  }

  sendVisitorMessage(session: WidgetSession, message: { clientMessageId: string; text: string }, name?: string) {
    return this.conversations.ingestInbound({
      inboxId: session.inbox.id,
      identity: { kind: 'WIDGET_VISITOR', value: session.visitor.visitorId },
      customerName: name,
      text: message.text,
      clientMessageId: message.clientMessageId,
    });
  }

  /** The visitor's latest conversation in this inbox and a page of its messages (never private notes). */
  async history(session: WidgetSession, before?: string) {
    const customer = await this.findVisitorCustomer(session.visitor);
    const conversation = customer
      ? await this.conversations.findLatestConversation(customer.id, session.inbox.id)
      : null;
    if (!conversation) return { conversation: null, messages: [], hasOlder: false };
    const page = await this.conversations.listMessages(conversation.id, { before, limit: 50, includePrivate: false });
    return { conversation, messages: page.items, hasOlder: page.hasOlder };
  }
}

/** Inboxes may list the sites allowed to embed them; no list means any site. */
function originAllowed(inbox: Inbox, origin: string | undefined): boolean {
  const allowed = (inbox.settings as { allowedOrigins?: unknown }).allowedOrigins;
  if (!Array.isArray(allowed) || allowed.length === 0) return true;
  return origin !== undefined && allowed.includes(origin);
}
