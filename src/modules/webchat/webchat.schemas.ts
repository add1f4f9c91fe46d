import { z } from 'zod';
import { ratingBody } from '../csat/csat.schemas.js';
import { clientMessageId, messageText } from '../conversations/conversations.schemas.js';

const email = z.email('Enter a valid e-mail address.').max(320);
const personName = z.string().trim().max(200);

/** setUser() as the website called it; `hash` proves `id` (see user-identity.ts). */
export const widgetUser = z.object({
  id: z.string().trim().min(1).max(200),
  email: email.optional(),
  name: personName.optional(),
  hash: z.string().max(200).optional(),
});

export const widgetHandshake = z.object({
  inboxToken: z.string().min(1).max(100),
  visitorToken: z.string().max(300).optional(),
  name: personName.optional(),
  user: widgetUser.optional(),
});

const MAX_FILES_PER_MESSAGE = 5;

export function visitorMessageBody(maxChars: number) {
  return z
    .object({
      clientMessageId,
      text: messageText(maxChars).optional(),
      /** Upload tokens from POST /api/widget/:inboxToken/uploads. */
      uploads: z.array(z.string().max(2000)).max(MAX_FILES_PER_MESSAGE, `At most ${MAX_FILES_PER_MESSAGE} files per message.`).default([]),
    })
    .refine((body) => body.text !== undefined || body.uploads.length > 0, 'A message needs some text or a file.');
}

/** The offline form: the conversation is created anyway and answered by e-mail. */
export function offlineMessageBody(maxChars: number) {
  return z.object({ clientMessageId, name: personName.optional(), email, text: messageText(maxChars) });
}

const attributeValue = z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]);

/** The pre-chat form and setAttributes(). */
export const profileBody = z.object({
  name: personName.optional(),
  email: email.optional(),
  attributes: z
    .record(z.string().min(1).max(100), attributeValue)
    .refine((attributes) => Object.keys(attributes).length <= 50, 'At most 50 attributes.')
    .optional(),
  /** Sent by the widget on every page; the city only when the website passed one (ContactCenter.setCity). */
  visit: z
    .object({
      // Shown as text (a link only when it is http(s)): any page may embed the widget, file:// included.
      pageUrl: z.string().trim().max(2000).optional(),
      pageTitle: z.string().trim().max(300).optional(),
      referrer: z.string().trim().max(2000).optional(),
      language: z.string().trim().max(35).optional(),
      timeZone: z.string().trim().max(64).optional(),
      city: z.string().trim().max(100).optional(),
    })
    .optional(),
});

export const historyRequest = z.object({ before: z.uuid().optional() }).default({});
export const visitorTyping = z.object({ isTyping: z.boolean() });
/** The visitor has received (DELIVERED) or looked at (READ) the agents' messages so far. */
export const visitorReceipt = z.object({ status: z.enum(['DELIVERED', 'READ']) });
export const visitorRating = ratingBody;
export const emptyRequest = z.object({}).default({});

