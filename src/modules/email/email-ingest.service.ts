import { createHash } from 'node:crypto';
import type { Prisma } from '@prisma/client';
import { findReplyToken, subjectConversationNumber } from '../../domain/email-thread-keys.js';
import { resolveEmailThread } from '../../domain/email-thread.js';
import { classifyInboundMail } from '../../domain/mail-loop.js';
import type { Db } from '../../infra/db.js';
import type { FileStorage } from '../../infra/file-storage.js';
import type { Logger } from '../../infra/logger.js';
import type { Redis } from '../../infra/redis.js';
import type { AttachmentInput, ConversationsService } from '../conversations/conversations.service.js';
import type { CustomersService } from '../customers/customers.service.js';
import { readDeliveryFailure } from './bounce.js';
import type { EmailChannelData } from './email.schemas.js';
import { parseEmail, type ParsedEmail } from './mail-parser.js';
import type { MailboxConnection } from './mailbox.service.js';
import { findThreadCandidates } from './thread-lookup.js';

export type MailOutcome =
  | { outcome: 'stored'; conversationId: string; opened: boolean }
  | { outcome: 'duplicate'; conversationId: string }
  | { outcome: 'bounce'; failedMessageIds: string[] }
  | { outcome: 'skipped'; reason: string };

export interface EmailIngestOptions {
  db: Db;
  customers: CustomersService;
  conversations: ConversationsService;
  storage: FileStorage;
  redis: Redis;
  keyPrefix: string;
  attachmentMaxBytes: number;
  logger: Logger;
  /** How many senders' mails of one batch are stored at once. */
  concurrency?: number;
}

const AUTO_ACK_QUIET_SECONDS = 3600;
const DAY_MS = 24 * 3600 * 1000;

/**
 * Turns raw mails of a mailbox into conversation messages: parse, tell people from
 * machines, thread, store through ingestInbound, acknowledge.
 */
export class EmailIngestService {
  constructor(private readonly options: EmailIngestOptions) {}

  /**
   * Stores a batch in order per sender. Different senders never share a thread (every
   * thread key only counts for the sender's own conversations), so their mails go in parallel.
   */
  async ingestBatch(mailbox: MailboxConnection, sources: Buffer[], ownAddresses: string[]): Promise<MailOutcome[]> {
    const parsed = await Promise.all(sources.map((source) => parseEmail(source, { attachmentMaxBytes: this.options.attachmentMaxBytes })));
    const bySender = new Map<string, number[]>();
    parsed.forEach((mail, index) => {
      const sender = mail.from?.address ?? '';
      bySender.set(sender, [...(bySender.get(sender) ?? []), index]);
    });
    const outcomes: MailOutcome[] = new Array(sources.length);
    const queues = [...bySender.values()];
    const worker = async () => {
      for (let queue = queues.shift(); queue; queue = queues.shift()) {
        for (const index of queue) outcomes[index] = await this.ingestParsed(mailbox, sources[index]!, parsed[index]!, ownAddresses);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency ?? 8, queues.length) }, worker));
    return outcomes;
  }

  async ingestMail(mailbox: MailboxConnection, source: Buffer, ownAddresses: string[]): Promise<MailOutcome> {
    const [outcome] = await this.ingestBatch(mailbox, [source], ownAddresses);
    return outcome!;
  }

  private async ingestParsed(mailbox: MailboxConnection, source: Buffer, mail: ParsedEmail, ownAddresses: string[]): Promise<MailOutcome> {
    const kind = classifyInboundMail({ headers: mail.headers, from: mail.from?.address ?? null, ownAddresses });
    if (kind === 'own-address') return this.skip(mail, 'sent from one of our own addresses');
    if (kind === 'bounce') return this.recordBounce(mailbox, source, mail);
    if (!mail.from) return this.skip(mail, 'no sender address');

    const identity = { kind: 'EMAIL' as const, value: mail.from.address };
    // A machine never becomes a customer: its mail can only join a sender we already know.
    const customer =
      kind === 'auto-reply'
        ? await this.options.customers.findCustomerByIdentity(identity)
        : await this.options.customers.resolveCustomer({ identity, name: mail.from.name });
    if (!customer) return this.skip(mail, 'automatic reply from an unknown sender');
    const candidates = await findThreadCandidates(this.options.db, {
      inboxId: mailbox.inboxId,
      threadIds: mail.threadIds,
      replyToken: findReplyToken(mail.recipients, mailbox.address),
      subjectNumber: subjectConversationNumber(mail.subject),
    });
    const decision = resolveEmailThread({
      customerId: customer.id,
      ...candidates,
      now: new Date(),
      reopenWithinMs: mailbox.reopenWithinDays * DAY_MS,
    });
    // A machine's answer may join a live thread (an agent should see "out of office"), never start or revive one.
    if (kind === 'auto-reply' && (decision.kind === 'new' || decision.reopens)) {
      return this.skip(mail, 'automatic reply outside an open conversation');
    }

    const { attachments, inlineImages } = await this.storeAttachments(mail);
    const relatedConversationId = decision.kind === 'new' ? decision.relatedConversationId : undefined;
    const result = await this.options.conversations.ingestInbound({
      inboxId: mailbox.inboxId,
      identity,
      customerName: mail.from.name,
      text: withOversizedNotes(mail),
      html: mail.html ?? undefined,
      subject: mail.subject,
      channelMessageId: mail.messageId,
      threadConversationId: decision.kind === 'existing' ? decision.conversationId : null,
      attachments,
      channelData: { email: inboundChannelData(mail, { relatedConversationId, inlineImages }) },
    });
    if (result.duplicate) return { outcome: 'duplicate', conversationId: result.conversation.id };
    if (result.opened && kind === 'person' && mailbox.autoAcknowledge) {
      await this.acknowledge(result.conversation.id, result.conversation.number, customer.id);
    }
    return { outcome: 'stored', conversationId: result.conversation.id, opened: result.opened };
  }

  /** A bounce answers one of our messages: mark it failed with the remote reason; never a conversation. */
  private async recordBounce(mailbox: MailboxConnection, source: Buffer, mail: ParsedEmail): Promise<MailOutcome> {
    const failure = readDeliveryFailure(source, mail.threadIds);
    const returned = await this.options.db.message.findMany({
      where: { inboxId: mailbox.inboxId, direction: 'OUTBOUND', channelMessageId: { in: failure.messageIds } },
      select: { id: true, deliveryStatus: true },
    });
    for (const message of returned) {
      if (message.deliveryStatus !== 'FAILED') await this.options.conversations.markDelivery(message.id, 'FAILED', failure.reason);
    }
    if (returned.length === 0) this.options.logger.info({ messageId: mail.messageId }, 'bounce for no message of ours; dropped');
    return { outcome: 'bounce', failedMessageIds: returned.map((message) => message.id) };
  }

  /**
   * Content-addressed keys: reading the same mail again writes the same files, never copies.
   * Inline images are also listed by Content-ID, so the HTML's cid: links can be served.
   */
  private async storeAttachments(mail: ParsedEmail) {
    const inlineImages: Record<string, string> = {};
    const attachments: AttachmentInput[] = await Promise.all(
      mail.attachments.map(async (attachment) => {
        const digest = createHash('sha256').update(attachment.content).digest('hex');
        const storageKey = `email/${digest.slice(0, 2)}/${digest}`;
        await this.options.storage.put(storageKey, attachment.content);
        if (attachment.contentId) inlineImages[attachment.contentId] = storageKey;
        return { fileName: attachment.fileName, contentType: attachment.contentType, byteSize: attachment.content.length, storageKey };
      }),
    );
    return { attachments, inlineImages };
  }

  /** At most one acknowledgement per customer an hour, however many new threads they open. */
  private async acknowledge(conversationId: string, conversationNumber: number, customerId: string): Promise<void> {
    const key = `${this.options.keyPrefix}:email:ack:${customerId}`;
    const first = await this.options.redis.set(key, '1', 'EX', AUTO_ACK_QUIET_SECONDS, 'NX');
    if (first !== 'OK') return;
    await this.options.conversations.postSystemMessage({
      conversationId,
      text:
        `Thank you for your message. We have received it and will answer as soon as we can.\n\n` +
        `Your reference is [#${conversationNumber}]; please keep it in the subject if you write again.`,
      channelData: { email: { kind: 'auto-ack' } },
    });
  }

  private skip(mail: ParsedEmail, reason: string): MailOutcome {
    this.options.logger.info({ messageId: mail.messageId, from: mail.from?.address, reason }, 'mail not stored');
    return { outcome: 'skipped', reason };
  }
}

function inboundChannelData(
  mail: ParsedEmail,
  links: Pick<EmailChannelData, 'relatedConversationId' | 'inlineImages'>,
): Prisma.InputJsonObject {
  const data: EmailChannelData = {
    ...links,
    kind: 'inbound',
    messageId: mail.messageId,
    from: mail.from?.address,
    replyTo: mail.replyTo ?? undefined,
    to: mail.to,
    cc: mail.cc,
    subject: mail.subject,
    references: mail.references,
  };
  return JSON.parse(JSON.stringify(data)) as Prisma.InputJsonObject;
}

function withOversizedNotes(mail: ParsedEmail): string {
  const notes = mail.oversized.map(
    (file) => `[Attachment "${file.fileName}" (${(file.byteSize / 1024 / 1024).toFixed(1)} MB) was not kept: it is over the size limit.]`,
  );
  return [mail.text, ...notes].filter(Boolean).join('\n\n');
}
