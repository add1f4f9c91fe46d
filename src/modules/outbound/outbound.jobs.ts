import type { ChannelKind } from '@prisma/client';
import { z } from 'zod';

/** One queue per channel, so a slow mail server never holds up chat replies. */
export function outboundQueueName(channel: ChannelKind): string {
  return `outbound-${channel.toLowerCase()}`;
}

export const DELIVER_MESSAGE_JOB = 'deliver-message';

export const deliverMessagePayload = z.object({ messageId: z.uuid() });
export type DeliverMessagePayload = z.infer<typeof deliverMessagePayload>;
