import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { adminKeys, useCannedResponses } from './admin.api';
import { CANNED_VARIABLES, cannedBody, cannedDraft, insertAt, matchesSearch } from './forms';
import { AdminForm } from './shared/AdminForm';
import { ResourcePage } from './shared/ResourcePage';
import { useSave } from './shared/useSave';
import type { CannedResponseView } from '../../../src/contracts/canned-response.views';

export function CannedResponsesPage() {
  const { t } = useTranslation('admin');
  const [search, setSearch] = useState('');
  return (
    <ResourcePage<CannedResponseView>
      title={t('canned.title')}
      newLabel={t('canned.new')}
      empty={search ? t('canned.noMatch') : t('canned.empty')}
      query={useCannedResponses()}
      filter={{
        keep: (canned) => matchesSearch(canned, search),
        toolbar: (
          <label className="admin-search">
            <span className="visually-hidden">{t('canned.search')}</span>
            <input type="search" placeholder={t('canned.search')} value={search} onChange={(event) => setSearch(event.target.value)} />
          </label>
        ),
      }}
      columns={[
        { header: t('fields.shortCode'), cell: (canned) => <code>/{canned.shortCode}</code> },
        { header: t('fields.title'), cell: (canned) => canned.title },
        { header: t('fields.content'), cell: (canned) => <span className="admin-clamp">{canned.content}</span>, className: 'admin-wide' },
      ]}
      editor={{
        title: (canned) => (canned ? t('canned.edit', { name: canned.title }) : t('canned.new')),
        form: (canned, close) => <CannedForm canned={canned} onDone={close} />,
      }}
      deletion={{ path: (canned) => `/canned-responses/${canned.id}`, name: (canned) => canned.title, invalidate: adminKeys.cannedResponses }}
    />
  );
}

function CannedForm({ canned, onDone }: { canned: CannedResponseView | null; onDone: () => void }) {
  const { t } = useTranslation('admin');
  const [draft, setDraft] = useState(() => cannedDraft(canned));
  const content = useRef<HTMLTextAreaElement>(null);
  const save = useSave({ path: '/canned-responses', id: canned?.id, invalidate: [adminKeys.cannedResponses], success: t('canned.saved'), onDone });

  function insertVariable(variable: string) {
    const area = content.current;
    const inserted = insertAt(draft.content, variable, area?.selectionStart ?? draft.content.length, area?.selectionEnd ?? draft.content.length);
    setDraft({ ...draft, content: inserted.value });
    requestAnimationFrame(() => {
      area?.focus();
      area?.setSelectionRange(inserted.cursor, inserted.cursor);
    });
  }

  return (
    <AdminForm saving={save.isPending} error={save.error} onSubmit={() => save.mutate(cannedBody(draft))} onCancel={onDone}>
      <label>
        {t('fields.shortCode')}
        <input required maxLength={50} pattern="/?[^\s/]+" title={t('canned.shortCodeHint')} value={draft.shortCode} onChange={(event) => setDraft({ ...draft, shortCode: event.target.value })} />
        <span className="admin-hint">{t('canned.shortCodeHint')}</span>
      </label>
      <label>
        {t('fields.title')}
        <input required maxLength={200} value={draft.title} onChange={(event) => setDraft({ ...draft, title: event.target.value })} />
      </label>
      <label>
        {t('fields.content')}
        <textarea ref={content} required rows={6} maxLength={5000} value={draft.content} onChange={(event) => setDraft({ ...draft, content: event.target.value })} />
      </label>
      <div className="admin-hint">
        {t('canned.variables')}{' '}
        {CANNED_VARIABLES.map((variable) => (
          <button key={variable} type="button" className="chip" onClick={() => insertVariable(variable)} title={t('canned.insert')}>
            {variable}
          </button>
        ))}
      </div>
    </AdminForm>
  );
}
