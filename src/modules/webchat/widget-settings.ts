import type { Inbox } from '@prisma/client';
import { z } from 'zod';
import { isClockTime, isTimeZone, WEEKDAYS, type BusinessHours } from '../../domain/business-hours.js';
import type { PreChatField, WidgetAppearance } from './widget.protocol.js';

const locales = ['en', 'zh-CN'] as const;
const preChatFields = ['name', 'email', 'question'] as const satisfies readonly PreChatField[];
const clockTime = z.string().refine(isClockTime, 'must be a time like "09:00"');

const businessHoursSchema = z.object({
  timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone like "Europe/Berlin"'),
  intervals: z.array(z.object({ day: z.enum(WEEKDAYS), open: clockTime, close: clockTime })).max(50),
});

/**
 * The web chat part of an inbox's settings JSON. Each field falls back to its default on
 * its own, so one mistyped setting does not switch the others off.
 */
const webchatSettingsSchema = z.object({
  /** Sites (origins) allowed to embed the inbox; empty: any site. */
  allowedOrigins: z.array(z.string()).catch([]),
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/)
    .catch('#2563eb'),
  position: z.enum(['left', 'right']).catch('right'),
  greeting: z.string().max(500).optional().catch(undefined),
  texts: z.partialRecord(z.enum(locales), z.record(z.string(), z.string().max(500))).catch({}),
  preChatForm: z
    .object({ enabled: z.boolean().default(false), fields: z.array(z.enum(preChatFields)).min(1).default([...preChatFields]) })
    .catch({ enabled: false, fields: [...preChatFields] }),
  /** Unset: always open. */
  businessHours: businessHoursSchema.optional().catch(undefined),
  /** Refuse visitors whose site did not prove who they are (setUser with a valid hash). */
  identityRequired: z.boolean().catch(false),
});

export type WebchatSettings = z.infer<typeof webchatSettingsSchema> & { businessHours?: BusinessHours };

export function readWebchatSettings(inbox: Pick<Inbox, 'settings'>): WebchatSettings {
  const raw = typeof inbox.settings === 'object' && inbox.settings !== null ? inbox.settings : {};
  return webchatSettingsSchema.parse(raw);
}

/** What the widget may know of the settings (never the allowed origins or business hours themselves). */
export function widgetAppearance(settings: WebchatSettings, uploads: WidgetAppearance['uploads']): WidgetAppearance {
  return {
    color: settings.color,
    position: settings.position,
    greeting: settings.greeting,
    texts: settings.texts,
    preChatForm: settings.preChatForm,
    uploads,
  };
}
