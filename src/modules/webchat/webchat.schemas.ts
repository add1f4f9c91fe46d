import { z } from 'zod';
import { clientMessageId, messageText } from '../conversations/conversations.schemas.js';

export const widgetHandshake = z.object({
  inboxToken: z.string().min(1).max(100),
  visitorToken: z.string().max(300).optional(),
  name: z.string().trim().max(200).optional(),
});

export function visitorMessageBody(maxChars: number) {
  return z.object({ clientMessageId, text: messageText(maxChars) });
}

export const historyRequest = z.object({ before: z.uuid().optional() }).default({});
export const visitorTyping = z.object({ isTyping: z.boolean() });
