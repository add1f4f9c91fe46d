import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { adminKeys, useLabels } from './admin.api';
import { labelBody, labelDraft } from './forms';
import { AdminForm } from './shared/AdminForm';
import { ColorField } from './shared/fields';
import { ResourcePage } from './shared/ResourcePage';
import { useSave } from './shared/useSave';
import type { LabelView } from '../../../src/contracts/label.views';

export function LabelsPage() {
  const { t } = useTranslation('admin');
  return (
    <ResourcePage<LabelView>
      title={t('labels.title')}
      newLabel={t('labels.new')}
      empty={t('labels.empty')}
      query={useLabels()}
      columns={[
        {
          header: t('fields.name'),
          cell: (label) => (
            <>
              <span className="swatch" style={{ background: label.color }} aria-hidden="true" /> {label.name}
            </>
          ),
        },
        { header: t('fields.description'), cell: (label) => label.description },
      ]}
      editor={{
        title: (label) => (label ? t('labels.edit', { name: label.name }) : t('labels.new')),
        form: (label, close) => <LabelForm label={label} onDone={close} />,
      }}
      deletion={{ path: (label) => `/labels/${label.id}`, name: (label) => label.name, invalidate: adminKeys.labels }}
    />
  );
}

function LabelForm({ label, onDone }: { label: LabelView | null; onDone: () => void }) {
  const { t } = useTranslation('admin');
  const [draft, setDraft] = useState(() => labelDraft(label));
  const save = useSave({ path: '/labels', id: label?.id, invalidate: [adminKeys.labels], success: t('labels.saved'), onDone });

  return (
    <AdminForm saving={save.isPending} error={save.error} onSubmit={() => save.mutate(labelBody(draft))} onCancel={onDone}>
      <label>
        {t('fields.name')}
        <input required maxLength={100} value={draft.name} onChange={(event) => setDraft({ ...draft, name: event.target.value })} />
      </label>
      <ColorField label={t('fields.color')} value={draft.color} onChange={(color) => setDraft({ ...draft, color })} />
      <label>
        {t('fields.description')}
        <textarea rows={2} maxLength={500} value={draft.description} onChange={(event) => setDraft({ ...draft, description: event.target.value })} />
      </label>
    </AdminForm>
  );
}
