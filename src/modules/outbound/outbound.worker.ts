import type { ChannelKind, Conversation, Inbox, Prisma } from '@prisma/client';
import { Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { Logger } from '../../infra/logger.js';
import type { MessageView } from '../../contracts/conversation.views.js';
import type { ConversationsService } from '../conversations/conversations.service.js';
import { deliverMessagePayload, outboundQueueName, type DeliverMessagePayload } from './outbound.jobs.js';

export interface OutboundDelivery {
  message: MessageView;
  conversation: Conversation;
  inbox: Inbox;
}

/**
 * Sends one stored message through its channel; throws to have the job retried.
 * channelMessageId: the id the channel knows the message by (an e-mail's Message-ID), kept for replies;
 * channelData: what to remember of how it went (merged into the message's), e.g. deliveredVia.
 */
export type Deliverer = (
  delivery: OutboundDelivery,
) => Promise<{ status: 'SENT' | 'DELIVERED'; channelMessageId?: string; channelData?: Prisma.InputJsonObject }>;

export type Deliverers = Partial<Record<ChannelKind, Deliverer>>;

export interface OutboundWorkerOptions {
  deliverers: Deliverers;
  conversations: ConversationsService;
  connection: ConnectionOptions;
  prefix: string;
  concurrency: number;
  logger: Logger;
}

/** One worker per channel that has a deliverer. */
export function startOutboundWorkers(options: OutboundWorkerOptions): Worker[] {
  return Object.entries(options.deliverers).map(([channel, deliver]) => {
    const worker = new Worker<DeliverMessagePayload>(
      outboundQueueName(channel as ChannelKind),
      (job) => deliverStoredMessage(job, deliver, options),
      { connection: options.connection, prefix: options.prefix, concurrency: options.concurrency },
    );
    worker.on('error', (error) => options.logger.error({ err: error, channel }, 'outbound worker error'));
    return worker;
  });
}

async function deliverStoredMessage(job: Job<DeliverMessagePayload>, deliver: Deliverer, options: OutboundWorkerOptions) {
  const { messageId } = deliverMessagePayload.parse(job.data);
  const outbound = await options.conversations.getOutboundMessage(messageId);
  // Already delivered (a retried job after a crash) or gone: nothing to send.
  if (!outbound || outbound.message.deliveryStatus !== 'QUEUED') return;
  try {
    const { status, channelMessageId, channelData } = await deliver({
      message: outbound.view,
      conversation: outbound.message.conversation,
      inbox: outbound.message.inbox,
    });
    await options.conversations.markDelivery(messageId, status, undefined, channelMessageId, channelData);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    options.logger.warn({ messageId, attempt: job.attemptsMade + 1, finalAttempt, reason }, 'delivery failed');
    if (finalAttempt) await options.conversations.markDelivery(messageId, 'FAILED', reason);
    throw error;
  }
}
