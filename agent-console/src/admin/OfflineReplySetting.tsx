import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useEmailInboxes, type WebchatSettings } from './admin.api';
import { AdminForm } from './shared/AdminForm';
import { SelectField } from './shared/fields';
import { Loaded } from './shared/Loaded';
import { useSaveWidgetSettings, useWidgetSettings } from './widget-settings.api';

/** Which e-mail inbox answers web-chat visitors who left; none: replies stay in the widget. */
export function OfflineReplySetting({ inboxId }: { inboxId: string }) {
  const settings = useWidgetSettings(inboxId);
  return <Loaded query={settings}>{(current) => <OfflineReplyForm inboxId={inboxId} settings={current} />}</Loaded>;
}

function OfflineReplyForm({ inboxId, settings }: { inboxId: string; settings: WebchatSettings }) {
  const { t } = useTranslation('admin');
  const emailInboxes = useEmailInboxes();
  const [emailInboxId, setEmailInboxId] = useState(settings.offlineReplyEmailInboxId ?? '');
  const save = useSaveWidgetSettings(inboxId, t('widget.offlineReply.saved'));
  return (
    <AdminForm saving={save.isPending} error={save.error} onSubmit={() => save.mutate({ offlineReplyEmailInboxId: emailInboxId || null })}>
      <SelectField
        label={t('widget.offlineReply.label')}
        value={emailInboxId}
        hint={t('widget.offlineReply.hint')}
        options={[
          { value: '', label: t('widget.offlineReply.none') },
          ...(emailInboxes.data ?? []).map((inbox) => ({ value: inbox.inboxId, label: `${inbox.name} <${inbox.address}>` })),
        ]}
        onChange={setEmailInboxId}
      />
    </AdminForm>
  );
}
