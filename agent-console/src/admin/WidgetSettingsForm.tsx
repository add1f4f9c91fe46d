import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PRE_CHAT_FIELDS, type WebchatSettings } from './admin.api';
import { AdminForm } from './shared/AdminForm';
import { CheckList } from './shared/CheckList';
import { Loaded } from './shared/Loaded';
import { widgetDraft, widgetSettingsBody } from './widget';
import { useSaveWidgetSettings, useWidgetSettings } from './widget-settings.api';

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
        <label>
          {t('fields.color')}
          <span className="row">
            <input type="color" value={draft.color} onChange={(event) => setDraft({ ...draft, color: event.target.value })} />
            <code>{draft.color}</code>
          </span>
        </label>
        <label>
          {t('fields.position')}
          <select value={draft.position} onChange={(event) => setDraft({ ...draft, position: event.target.value as 'left' | 'right' })}>
            <option value="right">{t('widget.right')}</option>
            <option value="left">{t('widget.left')}</option>
          </select>
        </label>
      </div>
      <label>
        {t('fields.greeting')}
        <textarea rows={2} maxLength={500} value={draft.greeting} onChange={(event) => setDraft({ ...draft, greeting: event.target.value })} />
      </label>
      <label className="check">
        <input type="checkbox" checked={draft.preChatEnabled} onChange={(event) => setDraft({ ...draft, preChatEnabled: event.target.checked })} />
        <span>{t('widget.preChat')}</span>
      </label>
      {draft.preChatEnabled && (
        <CheckList
          legend={t('fields.preChatForm')}
          options={PRE_CHAT_FIELDS.map((field) => ({ id: field, label: t(`widget.fields.${field}`) }))}
          selected={draft.preChatFields}
          onChange={(fields) => setDraft({ ...draft, preChatFields: fields as WebchatSettings['preChatForm']['fields'] })}
          empty=""
        />
      )}
      <label className="check">
        <input type="checkbox" checked={draft.identityRequired} onChange={(event) => setDraft({ ...draft, identityRequired: event.target.checked })} />
        <span>{t('widget.identityRequired')}</span>
      </label>
    </AdminForm>
  );
}
