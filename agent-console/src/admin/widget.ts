import type { BusinessHours, PreChatField, WebchatSettings } from './admin.api';
import { PRE_CHAT_FIELDS } from './admin.api';
import { splitLines } from './shared/tags';

/** The one line a website adds to embed an inbox's chat (README "Website widget"). */
export function embedSnippet(origin: string, publicToken: string): string {
  return `<script src="${origin.replace(/\/+$/, '')}/widget.js" data-inbox="${publicToken}" async></script>`;
}

const DEFAULTS: WebchatSettings = {
  allowedOrigins: [],
  color: '#2563eb',
  position: 'right',
  preChatForm: { enabled: false, fields: [...PRE_CHAT_FIELDS] },
  identityRequired: false,
};

/**
 * An inbox's stored settings JSON read the way the server reads it, each field falling back on its own;
 * used where the server's GET widget-settings answer is not available.
 */
export function readSettings(raw: unknown): WebchatSettings {
  const value = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const settings: WebchatSettings = { ...DEFAULTS, preChatForm: { ...DEFAULTS.preChatForm } };
  if (Array.isArray(value.allowedOrigins) && value.allowedOrigins.every((origin) => typeof origin === 'string')) settings.allowedOrigins = value.allowedOrigins;
  if (typeof value.color === 'string' && /^#[0-9a-f]{6}$/i.test(value.color)) settings.color = value.color;
  if (value.position === 'left' || value.position === 'right') settings.position = value.position;
  if (typeof value.greeting === 'string') settings.greeting = value.greeting;
  const form = value.preChatForm as { enabled?: unknown; fields?: unknown } | undefined;
  if (form && typeof form.enabled === 'boolean') {
    const fields = Array.isArray(form.fields) ? form.fields.filter((field): field is PreChatField => PRE_CHAT_FIELDS.includes(field)) : [];
    settings.preChatForm = { enabled: form.enabled, fields: fields.length ? fields : [...PRE_CHAT_FIELDS] };
  }
  const hours = value.businessHours as Partial<BusinessHours> | undefined;
  if (hours && typeof hours.timeZone === 'string' && Array.isArray(hours.intervals)) settings.businessHours = { timeZone: hours.timeZone, intervals: hours.intervals };
  if (typeof value.identityRequired === 'boolean') settings.identityRequired = value.identityRequired;
  return settings;
}

export interface WidgetDraft {
  allowedOrigins: string;
  color: string;
  position: 'left' | 'right';
  greeting: string;
  preChatEnabled: boolean;
  preChatFields: PreChatField[];
  identityRequired: boolean;
}

export function widgetDraft(settings: WebchatSettings): WidgetDraft {
  return {
    allowedOrigins: settings.allowedOrigins.join('\n'),
    color: settings.color,
    position: settings.position,
    greeting: settings.greeting ?? '',
    preChatEnabled: settings.preChatForm.enabled,
    preChatFields: settings.preChatForm.fields,
    identityRequired: settings.identityRequired,
  };
}

/** The appearance part of the PUT body; business hours are saved on their own page and left as they are. */
export function widgetSettingsBody(draft: WidgetDraft) {
  return {
    allowedOrigins: splitLines(draft.allowedOrigins),
    color: draft.color.toLowerCase(),
    position: draft.position,
    greeting: draft.greeting.trim(),
    // The server wants at least one field; an enabled form with none asks for all, as the widget does.
    preChatForm: { enabled: draft.preChatEnabled, fields: draft.preChatFields.length ? PRE_CHAT_FIELDS.filter((field) => draft.preChatFields.includes(field)) : [...PRE_CHAT_FIELDS] },
    identityRequired: draft.identityRequired,
  };
}
