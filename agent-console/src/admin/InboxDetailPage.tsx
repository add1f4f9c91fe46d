import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { adminKeys, useInboxes, type AdminInbox } from './admin.api';
import { inboxDraft, inboxPatchBody } from './forms';
import { HeldMails } from './HeldMails';
import { IdentitySecret } from './IdentitySecret';
import { OfflineReplySetting } from './OfflineReplySetting';
import { AdminForm } from './shared/AdminForm';
import { CopyField } from './shared/CopyField';
import { Loaded } from './shared/Loaded';
import { PageHeader } from './shared/PageHeader';
import { TagInput } from './shared/TagInput';
import { TeamSelect } from './shared/TeamSelect';
import { useSave } from './shared/useSave';
import { embedSnippet } from './widget';
import { WidgetSettingsForm } from './WidgetSettingsForm';

/** One inbox: its name, team and skills; for web chat also the widget, the embed snippet, the identity secret and e-mail replies; for e-mail its held mail. */
export function InboxDetailPage({ id }: { id: string }) {
  const { t } = useTranslation('admin');
  const inboxes = useInboxes();
  return (
    <Loaded query={inboxes}>
      {(items) => {
        const inbox = items.find((item) => item.id === id);
        if (!inbox) return <p className="admin-empty">{t('inboxes.notFound')}</p>;
        return (
          <section className="admin-detail">
            <Link href="/inboxes" className="admin-back">
              ← {t('inboxes.title')}
            </Link>
            <PageHeader title={inbox.name}>
              <span className="badge">{t(`channels.${inbox.channel}`)}</span>
            </PageHeader>
            <div className="admin-cards">
              <div className="admin-card">
                <h2>{t('inboxes.general')}</h2>
                <InboxForm key={inbox.id} inbox={inbox} />
              </div>
              {inbox.channel === 'WEBCHAT' && (
                <>
                  <div className="admin-card">
                    <h2>{t('inboxes.snippetTitle')}</h2>
                    <p className="admin-hint">{t('inboxes.snippetExplain')}</p>
                    <CopyField label={t('inboxes.snippet')} value={embedSnippet(location.origin, inbox.publicToken)} rows={3} testId="embed-snippet" />
                    <p>
                      <Link href={`/business-hours/${inbox.id}`}>{t('inboxes.businessHoursLink')}</Link>
                    </p>
                  </div>
                  <div className="admin-card">
                    <h2>{t('widget.title')}</h2>
                    <WidgetSettingsForm inboxId={inbox.id} />
                  </div>
                  <div className="admin-card">
                    <h2>{t('identity.title')}</h2>
                    <IdentitySecret inboxId={inbox.id} />
                  </div>
                  <div className="admin-card">
                    <h2>{t('widget.offlineReply.title')}</h2>
                    <OfflineReplySetting inboxId={inbox.id} />
                  </div>
                </>
              )}
              {inbox.channel === 'EMAIL' && (
                <div className="admin-card">
                  <h2>{t('email.held.title')}</h2>
                  <HeldMails inboxId={inbox.id} />
                </div>
              )}
            </div>
          </section>
        );
      }}
    </Loaded>
  );
}

function InboxForm({ inbox }: { inbox: AdminInbox }) {
  const { t } = useTranslation('admin');
  const [draft, setDraft] = useState(() => inboxDraft(inbox));
  const save = useSave({ path: '/inboxes', id: inbox.id, invalidate: [adminKeys.inboxes, adminKeys.emailInboxes], success: t('inboxes.saved') });
  return (
    <AdminForm saving={save.isPending} error={save.error} onSubmit={() => save.mutate(inboxPatchBody(draft))}>
      <label>
        {t('fields.name')}
        <input required maxLength={200} value={draft.name} onChange={(event) => setDraft({ ...draft, name: event.target.value })} />
      </label>
      <TeamSelect value={draft.teamId} onChange={(teamId) => setDraft({ ...draft, teamId })} />
      <TagInput label={t('fields.requiredSkills')} values={draft.requiredSkills} onChange={(requiredSkills) => setDraft({ ...draft, requiredSkills })} placeholder={t('inboxes.skillsPlaceholder')} />
    </AdminForm>
  );
}
