import type { WebchatSettings } from './admin.api';
import { splitLines } from './shared/tags';
import { LOCALES } from '../../../src/contracts/enums';
import { PRE_CHAT_FIELDS, type PreChatField, type WidgetLocale } from '../../../src/contracts/widget.views';

/** The one line a website adds to embed an inbox's chat (README "Website widget"). */
export function embedSnippet(origin: string, publicToken: string): string {
  return `<script src="${origin.replace(/\/+$/, '')}/widget.js" data-inbox="${publicToken}" async></script>`;
}

export interface WidgetDraft {
  allowedOrigins: string;
  color: string;
  position: 'left' | 'right';
  greeting: Record<WidgetLocale, string>;
  defaultLocale: WidgetLocale;
  preChatEnabled: boolean;
  preChatFields: PreChatField[];
  identityRequired: boolean;
}

export function widgetDraft(settings: WebchatSettings): WidgetDraft {
  return {
    allowedOrigins: settings.allowedOrigins.join('\n'),
    color: settings.color,
    position: settings.position,
    greeting: { en: settings.greeting.en ?? '', 'zh-CN': settings.greeting['zh-CN'] ?? '' },
    defaultLocale: settings.defaultLocale,
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
    // Every language is sent, so a greeting emptied here is removed.
    greeting: Object.fromEntries(LOCALES.map((locale) => [locale, draft.greeting[locale].trim()])),
    defaultLocale: draft.defaultLocale,
    // The server wants at least one field; an enabled form with none asks for all, as the widget does.
    preChatForm: { enabled: draft.preChatEnabled, fields: draft.preChatFields.length ? PRE_CHAT_FIELDS.filter((field) => draft.preChatFields.includes(field)) : [...PRE_CHAT_FIELDS] },
    identityRequired: draft.identityRequired,
  };
}
