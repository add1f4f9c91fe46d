import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
import { useMe } from '../auth/session.store';
import { WEEKDAYS, type Weekday } from '../../../src/contracts/business-hours.views';
import { useInboxes, type WebchatSettings } from './admin.api';
import { addInterval, businessHoursBody, hoursDraft, intervalProblems, removeInterval, timeZones, updateInterval, weekdayTemplate, type HoursDraft } from './business-hours';
import { AdminForm } from './shared/AdminForm';
import { CheckboxField, SelectField } from './shared/fields';
import { Loaded } from './shared/Loaded';
import { PageHeader } from './shared/PageHeader';
import { useSaveWidgetSettings, useWidgetSettings } from './widget-settings.api';

/** Opening hours per web chat inbox; outside them the widget takes offline messages. */
export function BusinessHoursPage({ inboxId }: { inboxId?: string }) {
  const { t } = useTranslation('admin');
  const [, navigate] = useLocation();
  const inboxes = useInboxes();

  return (
    <section>
      <PageHeader title={t('hours.title')} />
      <p className="admin-hint">{t('hours.explain')}</p>
      <Loaded query={inboxes}>
        {(items) => {
          const webchats = items.filter((inbox) => inbox.channel === 'WEBCHAT');
          if (webchats.length === 0) return <p className="admin-empty">{t('hours.noInboxes')}</p>;
          const selected = webchats.find((inbox) => inbox.id === inboxId) ?? webchats[0]!;
          return (
            <>
              <SelectField
                className="admin-inline-field"
                label={t('fields.inbox')}
                value={selected.id}
                options={webchats.map((inbox) => ({ value: inbox.id, label: inbox.name }))}
                onChange={(id) => navigate(`/business-hours/${id}`)}
              />
              <HoursEditor key={selected.id} inboxId={selected.id} />
            </>
          );
        }}
      </Loaded>
    </section>
  );
}

function HoursEditor({ inboxId }: { inboxId: string }) {
  return <Loaded query={useWidgetSettings(inboxId)}>{(settings) => <HoursForm inboxId={inboxId} settings={settings} />}</Loaded>;
}

function HoursForm({ inboxId, settings }: { inboxId: string; settings: WebchatSettings }) {
  const { t } = useTranslation('admin');
  const me = useMe();
  const [draft, setDraft] = useState<HoursDraft>(() => hoursDraft(settings.businessHours, me.timeZone || Intl.DateTimeFormat().resolvedOptions().timeZone));
  const [zones] = useState(() => timeZones(draft.timeZone));
  const [showProblems, setShowProblems] = useState(false);
  const save = useSaveWidgetSettings(inboxId, t('hours.saved'));
  const problems = draft.alwaysOpen ? [] : intervalProblems(draft.intervals);
  const invalid = problems.some(Boolean) || (!draft.alwaysOpen && draft.intervals.length === 0);

  function submit() {
    setShowProblems(true);
    if (invalid) return;
    save.mutate({ businessHours: businessHoursBody(draft) });
  }

  return (
    <AdminForm saving={save.isPending} error={save.error} onSubmit={submit} className="hours-form">
      <CheckboxField
        label={t('hours.alwaysOpen')}
        checked={draft.alwaysOpen}
        onChange={(alwaysOpen) => setDraft({ ...draft, alwaysOpen, intervals: !alwaysOpen && draft.intervals.length === 0 ? weekdayTemplate() : draft.intervals })}
      />
      {!draft.alwaysOpen && (
        <>
          <SelectField label={t('fields.timeZone')} value={draft.timeZone} options={zones.map((zone) => ({ value: zone, label: zone }))} onChange={(timeZone) => setDraft({ ...draft, timeZone })} />
          <table className="table hours-table">
            <thead>
              <tr>
                <th>{t('fields.day')}</th>
                <th>{t('fields.open')}</th>
                <th>{t('fields.close')}</th>
                <th>
                  <span className="visually-hidden">{t('actions.label')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {draft.intervals.map((interval, index) => {
                const problem = showProblems ? problems[index] : undefined;
                const row = t('fields.row', { index: index + 1 });
                return (
                  <tr key={index} className={problem ? 'invalid' : ''} data-testid={`hours-row-${index}`}>
                    <td>
                      <select aria-label={`${row} ${t('fields.day')}`} value={interval.day} onChange={(event) => setDraft({ ...draft, intervals: updateInterval(draft.intervals, index, { day: event.target.value as Weekday }) })}>
                        {WEEKDAYS.map((day) => (
                          <option key={day} value={day}>
                            {t(`days.${day}`)}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <input type="time" aria-label={`${row} ${t('fields.open')}`} value={interval.open} onChange={(event) => setDraft({ ...draft, intervals: updateInterval(draft.intervals, index, { open: event.target.value }) })} />
                    </td>
                    <td>
                      <input type="time" aria-label={`${row} ${t('fields.close')}`} value={interval.close} onChange={(event) => setDraft({ ...draft, intervals: updateInterval(draft.intervals, index, { close: event.target.value }) })} />
                      {problem && (
                        <div className="field-error" role="alert">
                          {t(`hours.problems.${problem}`)}
                        </div>
                      )}
                    </td>
                    <td className="admin-actions-cell">
                      <button type="button" className="danger" onClick={() => setDraft({ ...draft, intervals: removeInterval(draft.intervals, index) })}>
                        {t('hours.remove')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {showProblems && draft.intervals.length === 0 && (
            <p className="field-error" role="alert">
              {t('hours.noRows')}
            </p>
          )}
          <div className="row">
            <button type="button" onClick={() => setDraft({ ...draft, intervals: addInterval(draft.intervals) })}>
              {t('hours.add')}
            </button>
          </div>
        </>
      )}
    </AdminForm>
  );
}
