import type { Inbox } from '@prisma/client';
import { z } from 'zod';
import { WEEKDAYS, type BusinessHours } from '../../contracts/business-hours.views.js';
import { LOCALES } from '../../contracts/enums.js';
import { PRE_CHAT_FIELDS, type WidgetAppearance, type WidgetLocale } from '../../contracts/widget.views.js';
import { isClockTime, isTimeZone } from '../../domain/business-hours.js';
import { idSchema } from '../../http/schemas.js';

const clockTime = z.string().refine(isClockTime, 'must be a time like "09:00"');

/** The web chat part of an inbox's settings JSON, as an admin writes it (PUT /api/inboxes/:id/widget-settings). */
export const webchatSettingsInput = z
  .object({
    /** Sites (origins, "https://shop.example") allowed to embed the inbox; empty: any site. */
    allowedOrigins: z.array(z.url({ protocol: /^https?$/ }).max(300).transform((url) => new URL(url).origin)).max(50),
    color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like "#2563eb"'),
    position: z.enum(['left', 'right']),
    /** Per language; a single text (older settings) is the default language's greeting. */
    greeting: z.union([z.string().trim().max(500), z.partialRecord(z.enum(LOCALES), z.string().trim().max(500))]),
    /** The inbox's own language: its greeting stands in when the customer's language has none. */
    defaultLocale: z.enum(LOCALES),
    /** The widget's own texts reworded, per language (keys as in widget/src/i18n.ts). */
    texts: z.partialRecord(z.enum(LOCALES), z.record(z.string().max(50), z.string().max(500))),
    preChatForm: z.object({ enabled: z.boolean(), fields: z.array(z.enum(PRE_CHAT_FIELDS)).min(1).default([...PRE_CHAT_FIELDS]) }),
    /** Unset: always open; null in a PUT removes stored hours. */
    businessHours: z
      .object({
        timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone like "Europe/Berlin"'),
        intervals: z.array(z.object({ day: z.enum(WEEKDAYS), open: clockTime, close: clockTime })).max(50),
      })
      .nullable(),
    /** Refuse visitors whose website did not prove who they are (setUser with a valid hash). */
    identityRequired: z.boolean(),
    /** An e-mail inbox that sends replies to visitors who left (and gave an address); null in a PUT: replies stay in the widget. */
    offlineReplyEmailInboxId: idSchema.nullable(),
  })
  .partial();

export type WebchatSettingsInput = z.infer<typeof webchatSettingsInput>;

export interface WebchatSettings {
  allowedOrigins: string[];
  color: string;
  position: 'left' | 'right';
  greeting: WidgetAppearance['greetings'];
  defaultLocale: WidgetLocale;
  texts: WidgetAppearance['texts'];
  preChatForm: WidgetAppearance['preChatForm'];
  businessHours?: BusinessHours;
  identityRequired: boolean;
  offlineReplyEmailInboxId?: string;
}

const defaults: WebchatSettings = {
  allowedOrigins: [],
  color: '#2563eb',
  position: 'right',
  greeting: {},
  defaultLocale: 'en',
  texts: {},
  preChatForm: { enabled: false, fields: [...PRE_CHAT_FIELDS] },
  identityRequired: false,
};

/** Reads an inbox's settings; each field falls back to its default on its own, so one mistyped setting does not switch off the others. */
export function readWebchatSettings(inbox: Pick<Inbox, 'settings'>): WebchatSettings {
  const raw = (typeof inbox.settings === 'object' && inbox.settings !== null ? inbox.settings : {}) as Record<string, unknown>;
  const settings: Record<string, unknown> = { ...defaults };
  for (const [key, schema] of Object.entries(webchatSettingsInput.shape)) {
    const parsed = schema.safeParse(raw[key]);
    if (parsed.success && parsed.data !== undefined && parsed.data !== null) settings[key] = parsed.data;
  }
  const read = settings as unknown as WebchatSettings & { greeting: WebchatSettings['greeting'] | string };
  return { ...read, greeting: greetingsByLocale(read.greeting, read.defaultLocale) };
}

/** Greetings per language, without empty ones; a single text belongs to the default language. */
function greetingsByLocale(greeting: WebchatSettings['greeting'] | string, defaultLocale: WidgetLocale): WebchatSettings['greeting'] {
  const byLocale = typeof greeting === 'string' ? { [defaultLocale]: greeting } : greeting;
  return Object.fromEntries(Object.entries(byLocale).filter(([, text]) => text !== '' && text !== undefined));
}

/** What the widget may know of the settings (never the allowed origins or business hours themselves). */
export function widgetAppearance(settings: WebchatSettings, uploads: WidgetAppearance['uploads']): WidgetAppearance {
  return {
    color: settings.color,
    position: settings.position,
    greetings: settings.greeting,
    defaultLocale: settings.defaultLocale,
    texts: settings.texts,
    preChatForm: settings.preChatForm,
    uploads,
  };
}
