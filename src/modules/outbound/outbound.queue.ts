import type { ChannelKind } from '@prisma/client';
import { Queue, type ConnectionOptions } from 'bullmq';
import type { OutboundDispatcher } from '../conversations/conversations.service.js';
import { DELIVER_MESSAGE_JOB, outboundQueueName, type DeliverMessagePayload } from './outbound.jobs.js';

export interface OutboundQueueOptions {
  connection: ConnectionOptions;
  prefix: string;
  attempts: number;
  backoffMs: number;
}

/** Enqueues deliveries. The job id is the message id, so a message waits in a queue at most once. */
export class OutboundQueues implements OutboundDispatcher {
  private readonly queues = new Map<ChannelKind, Queue<DeliverMessagePayload>>();

  constructor(private readonly options: OutboundQueueOptions) {}

  async dispatch(message: { id: string; channel: ChannelKind }): Promise<void> {
    await this.queueFor(message.channel).add(
      DELIVER_MESSAGE_JOB,
      { messageId: message.id },
      {
        jobId: message.id,
        attempts: this.options.attempts,
        backoff: { type: 'exponential', delay: this.options.backoffMs },
        // The message row keeps the outcome; finished jobs need not linger in Redis.
        removeOnComplete: true,
        removeOnFail: true,
      },
    );
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
  }

  private queueFor(channel: ChannelKind): Queue<DeliverMessagePayload> {
    let queue = this.queues.get(channel);
    if (!queue) {
      queue = new Queue(outboundQueueName(channel), {
        connection: this.options.connection,
        prefix: this.options.prefix,
      });
      this.queues.set(channel, queue);
    }
    return queue;
  }
}
