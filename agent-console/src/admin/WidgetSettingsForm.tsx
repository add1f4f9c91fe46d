import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type WebchatSettings } from './admin.api';
import { AdminForm } from './shared/AdminForm';
import { CheckList } from './shared/CheckList';
import { CheckboxField, ColorField, SelectField } from './shared/fields';
import { Loaded } from './shared/Loaded';
import { widgetDraft, widgetSettingsBody } from './widget';
import { useSaveWidgetSettings, useWidgetSettings } from './widget-settings.api';
import { LOCALES } from '../../../src/contracts/enums';
import { PRE_CHAT_FIELDS } from '../../../src/contracts/widget.views';

export function WidgetSettingsForm({ inboxId }: { inboxId: string }) {
  return <Loaded query={useWidgetSettings(inboxId)}>{(settings) => <SettingsForm inboxId={inboxId} settings={settings} />}</Loaded>;
}

function SettingsForm({ inboxId, settings }: { inboxId: string; settings: WebchatSettings }) {
  const { t } = useTranslation('admin');
  const [draft, setDraft] = useState(() => widgetDraft(settings));
  const save = useSaveWidgetSettings(inboxId, t('widget.saved'));

  return (
    <AdminForm saving={save.isPending} error={save.error} onSubmit={() => save.mutate(widgetSettingsBody(draft))}>
      <label>
        {t('fields.allowedOrigins')}
        <textarea rows={3} placeholder="https://shop.example" value={draft.allowedOrigins} onChange={(event) => setDraft({ ...draft, allowedOrigins: event.target.value })} />
        <span className="admin-hint">{t('widget.originsHint')}</span>
      </label>
      <div className="row">
        <ColorField label={t('fields.color')} value={draft.color} onChange={(color) => setDraft({ ...draft, color })} />
        <SelectField
          label={t('fields.position')}
          value={draft.position}
          options={[
            { value: 'right', label: t('widget.right') },
            { value: 'left', label: t('widget.left') },
          ]}
          onChange={(position) => setDraft({ ...draft, position })}
        />
      </div>
      <SelectField
        label={t('fields.defaultLocale')}
        value={draft.defaultLocale}
        options={LOCALES.map((locale) => ({ value: locale, label: t(`widget.languages.${locale}`) }))}
        onChange={(defaultLocale) => setDraft({ ...draft, defaultLocale })}
      />
      {LOCALES.map((locale) => (
        <label key={locale}>
          {t('widget.greetingIn', { language: t(`widget.languages.${locale}`) })}
          <textarea
            rows={2}
            maxLength={500}
            lang={locale}
            value={draft.greeting[locale]}
            onChange={(event) => setDraft({ ...draft, greeting: { ...draft.greeting, [locale]: event.target.value } })}
          />
        </label>
      ))}
      <span className="admin-hint">{t('widget.greetingHint')}</span>
      <CheckboxField label={t('widget.preChat')} checked={draft.preChatEnabled} onChange={(checked) => setDraft({ ...draft, preChatEnabled: checked })} />
      {draft.preChatEnabled && (
        <CheckList
          legend={t('fields.preChatForm')}
          options={PRE_CHAT_FIELDS.map((field) => ({ id: field, label: t(`widget.fields.${field}`) }))}
          selected={draft.preChatFields}
          onChange={(fields) => setDraft({ ...draft, preChatFields: fields as WebchatSettings['preChatForm']['fields'] })}
          empty=""
        />
      )}
      <CheckboxField label={t('widget.identityRequired')} checked={draft.identityRequired} onChange={(checked) => setDraft({ ...draft, identityRequired: checked })} />
    </AdminForm>
  );
}
