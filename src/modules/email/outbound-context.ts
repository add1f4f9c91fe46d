import type { Attachment, Conversation } from '@prisma/client';
import type { Db } from '../../infra/db.js';
import type { FileStorage } from '../../infra/file-storage.js';
import { baseAddress } from '../../domain/email-thread-keys.js';
import { readEmailChannelData, type EmailChannelData } from './email.schemas.js';
import type { TranscriptEntry } from './mail-composer.js';

export interface OutboundEmailContext {
  data: EmailChannelData;
  to: string[];
  /** The thread's participants (people copied on it), kept on Cc of every reply. */
  cc: string[];
  parent: { messageId: string; references: string[] } | null;
  attachments: { fileName: string; contentType: string; content: Buffer }[];
  transcript: TranscriptEntry[];
}

/**
 * What composing one outbound e-mail needs from the conversation: who receives it, which
 * message it answers, its files, and for a forward the transcript. A read-only query object.
 */
export async function loadOutboundContext(
  db: Db,
  storage: FileStorage,
  messageId: string,
  conversation: Conversation,
  ownAddresses: string[],
): Promise<OutboundEmailContext> {
  const message = await db.message.findUniqueOrThrow({ where: { id: messageId }, include: { attachments: true } });
  const data = readEmailChannelData(message.channelData);
  const history = await db.message.findMany({
    where: { conversationId: conversation.id, isPrivate: false, createdAt: { lte: message.createdAt }, id: { not: messageId } },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    include: { attachments: true, senderUser: { select: { name: true } } },
    take: 200,
  });
  const threaded = history.filter((entry) => entry.channelMessageId && readEmailChannelData(entry.channelData).kind !== 'forward');
  const parent = threaded[0] ? { messageId: readEmailChannelData(threaded[0].channelData).messageId ?? threaded[0].channelMessageId!, references: readEmailChannelData(threaded[0].channelData).references } : null;

  if (data.kind === 'forward') {
    const shown = history.filter((entry) => readEmailChannelData(entry.channelData).kind !== 'forward').reverse();
    const customer = await db.customer.findUnique({ where: { id: conversation.customerId }, select: { name: true } });
    return {
      data,
      to: data.to,
      cc: [],
      parent,
      attachments: await readFiles(storage, [...message.attachments, ...shown.flatMap((entry) => entry.attachments)]),
      transcript: shown.map((entry) => ({
        from: entry.direction === 'INBOUND' ? readEmailChannelData(entry.channelData).from ?? customer?.name ?? 'Customer' : entry.senderUser?.name ?? 'Support',
        at: entry.createdAt,
        text: entry.text,
      })),
    };
  }
  const to = data.to.length ? data.to : [await customerAddress(db, conversation, history)];
  return {
    data,
    to,
    cc: participantsOf(history, [...ownAddresses, ...to.map(baseAddress)]),
    parent,
    attachments: await readFiles(storage, message.attachments),
    transcript: [],
  };
}

/** Where the customer wants answers: the Reply-To or From of their own latest mail, else their e-mail identity. */
async function customerAddress(db: Db, conversation: Conversation, history: { direction: string; channelData: unknown }[]): Promise<string> {
  // A participant's mail is not the customer's: answers go to the customer, the participant stays on Cc.
  const latestInbound = history.find((entry) => entry.direction === 'INBOUND' && !readEmailChannelData(entry.channelData).participant);
  if (latestInbound) {
    const data = readEmailChannelData(latestInbound.channelData);
    const address = data.replyTo ?? data.from;
    if (address) return address;
  }
  const identity = await db.customerIdentity.findFirst({
    where: { customerId: conversation.customerId, kind: 'EMAIL' },
    orderBy: { createdAt: 'asc' },
  });
  if (!identity) throw new Error('The customer has no e-mail address to reply to.');
  return identity.value;
}

/**
 * Everyone the customer's mails had in To/Cc, and participants who wrote in, except our own
 * addresses, the recipients and the customer's own addresses: a reply keeps them on Cc.
 */
function participantsOf(history: { direction: string; channelData: unknown }[], excluded: string[]): string[] {
  const inbound = history.filter((entry) => entry.direction === 'INBOUND').map((entry) => readEmailChannelData(entry.channelData));
  const customerAddresses = inbound.filter((data) => !data.participant).flatMap((data) => [data.from, data.replyTo].filter((address): address is string => Boolean(address)));
  const skip = new Set([...excluded, ...customerAddresses].map((address) => baseAddress(address)));
  const addresses = inbound.flatMap((data) => [...data.to, ...data.cc, ...(data.participant ? [data.participant.address] : [])]);
  return [...new Set(addresses.map((address) => address.toLowerCase()))].filter((address) => !skip.has(baseAddress(address)));
}

async function readFiles(storage: FileStorage, attachments: Attachment[]) {
  return Promise.all(
    attachments.map(async (attachment) => {
      const content = await storage.get(attachment.storageKey);
      if (!content) throw new Error(`The file of attachment "${attachment.fileName}" is missing from storage.`);
      return { fileName: attachment.fileName, contentType: attachment.contentType, content };
    }),
  );
}
