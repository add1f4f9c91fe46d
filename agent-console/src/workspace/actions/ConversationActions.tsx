import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../auth/session.store';
import { Modal } from '../../ui/Modal';
import { useCustomer } from '../customer/useCustomer';
import { useDirectory } from '../directory';
import { useConversationActions } from './useConversationActions';
import { zonedLocalToIso } from './zoned-time';
import type { ConversationView } from '../../../../src/contracts/conversation.views';
import type { ConversationStatus, Priority } from '../../../../src/contracts/enums';

type Dialog = 'assign' | 'transfer' | 'snooze' | 'labels' | 'merge' | null;
const PRIORITIES: Priority[] = ['NONE', 'LOW', 'MEDIUM', 'HIGH', 'URGENT'];

/** The conversation header's buttons: assign, transfer, status, priority, labels, merge. */
export function ConversationActions({ conversation, labelIds }: { conversation: ConversationView; labelIds: string[] }) {
  const { t } = useTranslation('workspace');
  const me = useMe();
  const actions = useConversationActions(conversation.id);
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);
  const quietly = (promise: Promise<void>) => promise.then(close, () => undefined);
  const resolved = conversation.status === 'RESOLVED';

  return (
    <div className="ws-actions">
      {conversation.assigneeId !== me.id && (
        <button type="button" disabled={actions.busy} onClick={() => void quietly(actions.assign(me.id))}>
          {t('actions.assignToMe')}
        </button>
      )}
      {me.role !== 'AGENT' && (
        <button type="button" onClick={() => setDialog('assign')}>
          {t('actions.assign')}
        </button>
      )}
      <button type="button" onClick={() => setDialog('transfer')}>
        {t('actions.transfer')}
      </button>
      <select
        aria-label={t('actions.status')}
        value={conversation.status}
        disabled={actions.busy}
        onChange={(event) => {
          const status = event.target.value as ConversationStatus;
          if (status === 'SNOOZED') setDialog('snooze');
          else void quietly(actions.setStatus(status));
        }}
      >
        {(['OPEN', 'PENDING', 'SNOOZED', 'RESOLVED'] as const).map((status) => (
          <option key={status} value={status}>
            {t(`status.${status}`)}
          </option>
        ))}
      </select>
      {resolved ? (
        <button type="button" disabled={actions.busy} onClick={() => void quietly(actions.setStatus('OPEN'))}>
          {t('actions.reopen')}
        </button>
      ) : (
        <button type="button" className="primary" disabled={actions.busy} onClick={() => void quietly(actions.setStatus('RESOLVED'))}>
          {t('actions.resolve')}
        </button>
      )}
      <select aria-label={t('actions.priority')} value={conversation.priority} disabled={actions.busy} onChange={(event) => void quietly(actions.setPriority(event.target.value as Priority))}>
        {PRIORITIES.map((priority) => (
          <option key={priority} value={priority}>
            {t('actions.priorityOption', { priority: t(`priority.${priority}`) })}
          </option>
        ))}
      </select>
      <button type="button" onClick={() => setDialog('labels')}>
        {t('actions.labels')}
      </button>
      <button type="button" onClick={() => setDialog('merge')}>
        {t('actions.merge')}
      </button>

      {dialog === 'assign' && <AssignDialog onClose={close} onAssign={(id) => quietly(actions.assign(id))} current={conversation.assigneeId} />}
      {dialog === 'transfer' && <TransferDialog onClose={close} onTransfer={(target, note) => quietly(actions.transfer(target, note))} />}
      {dialog === 'snooze' && <SnoozeDialog onClose={close} onSnooze={(until) => quietly(actions.setStatus('SNOOZED', until))} />}
      {dialog === 'labels' && <LabelsDialog onClose={close} selected={labelIds} onSave={(ids) => quietly(actions.setLabels(ids))} />}
      {dialog === 'merge' && <MergeDialog onClose={close} conversation={conversation} onMerge={(sourceId) => quietly(actions.merge(sourceId))} />}
    </div>
  );
}

function DialogButtons({ onClose, submitLabel, disabled }: { onClose: () => void; submitLabel: string; disabled?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="row">
      <button type="submit" className="primary" disabled={disabled}>
        {submitLabel}
      </button>
      <button type="button" onClick={onClose}>
        {t('cancel')}
      </button>
    </div>
  );
}

function AssignDialog({ onClose, onAssign, current }: { onClose: () => void; onAssign: (id: string | null) => Promise<void>; current: string | null }) {
  const { t } = useTranslation('workspace');
  const directory = useDirectory();
  const [agentId, setAgentId] = useState(current ?? '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void onAssign(agentId || null);
  };
  return (
    <Modal title={t('actions.assignTitle')} onClose={onClose}>
      <form className="form" onSubmit={submit}>
        <label>
          {t('actions.agent')}
          <select value={agentId} onChange={(event) => setAgentId(event.target.value)}>
            <option value="">{t('actions.nobody')}</option>
            {directory.users
              .filter((user) => user.active)
              .map((user) => (
                <option key={user.id} value={user.id}>
                  {user.name}
                </option>
              ))}
          </select>
        </label>
        <DialogButtons onClose={onClose} submitLabel={t('actions.assign')} />
      </form>
    </Modal>
  );
}

function TransferDialog({ onClose, onTransfer }: { onClose: () => void; onTransfer: (target: { toAgentId?: string; toTeamId?: string }, note: string) => Promise<void> }) {
  const { t } = useTranslation('workspace');
  const me = useMe();
  const directory = useDirectory();
  const [target, setTarget] = useState('');
  const [note, setNote] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const [kind, id] = target.split(':');
    void onTransfer(kind === 'team' ? { toTeamId: id } : { toAgentId: id }, note.trim());
  };
  return (
    <Modal title={t('actions.transferTitle')} onClose={onClose}>
      <form className="form" onSubmit={submit}>
        <label>
          {t('actions.transferTo')}
          <select value={target} onChange={(event) => setTarget(event.target.value)} required>
            <option value="">{t('actions.choose')}</option>
            <optgroup label={t('actions.agents')}>
              {directory.users
                .filter((user) => user.active && user.id !== me.id)
                .map((user) => (
                  <option key={user.id} value={`agent:${user.id}`}>
                    {user.name}
                  </option>
                ))}
            </optgroup>
            <optgroup label={t('actions.teams')}>
              {directory.teams.map((team) => (
                <option key={team.id} value={`team:${team.id}`}>
                  {team.name}
                </option>
              ))}
            </optgroup>
          </select>
        </label>
        <label>
          {t('actions.transferNote')}
          <textarea value={note} onChange={(event) => setNote(event.target.value)} rows={3} required />
        </label>
        <DialogButtons onClose={onClose} submitLabel={t('actions.transfer')} disabled={!target || !note.trim()} />
      </form>
    </Modal>
  );
}

function SnoozeDialog({ onClose, onSnooze }: { onClose: () => void; onSnooze: (until: string) => Promise<void> }) {
  const { t } = useTranslation('workspace');
  const me = useMe();
  const [local, setLocal] = useState('');
  const until = zonedLocalToIso(local, me.timeZone);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (until) void onSnooze(until);
  };
  return (
    <Modal title={t('actions.snoozeTitle')} onClose={onClose}>
      <form className="form" onSubmit={submit}>
        <label>
          {t('actions.snoozeUntil', { timeZone: me.timeZone })}
          <input type="datetime-local" value={local} onChange={(event) => setLocal(event.target.value)} required />
        </label>
        <DialogButtons onClose={onClose} submitLabel={t('actions.snooze')} disabled={!until} />
      </form>
    </Modal>
  );
}

function LabelsDialog({ onClose, selected, onSave }: { onClose: () => void; selected: string[]; onSave: (ids: string[]) => Promise<void> }) {
  const { t } = useTranslation('workspace');
  const directory = useDirectory();
  const [ids, setIds] = useState(selected);
  const toggle = (id: string) => setIds(ids.includes(id) ? ids.filter((other) => other !== id) : [...ids, id]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void onSave(ids);
  };
  return (
    <Modal title={t('actions.labelsTitle')} onClose={onClose}>
      <form className="form" onSubmit={submit}>
        {directory.labels.length === 0 && <p>{t('actions.noLabels')}</p>}
        {directory.labels.map((label) => (
          <label key={label.id} className="ws-check">
            <input type="checkbox" checked={ids.includes(label.id)} onChange={() => toggle(label.id)} />
            <span className="ws-label" style={{ borderColor: label.color }}>
              {label.name}
            </span>
          </label>
        ))}
        <DialogButtons onClose={onClose} submitLabel={t('actions.saveLabels')} />
      </form>
    </Modal>
  );
}

function MergeDialog({ onClose, conversation, onMerge }: { onClose: () => void; conversation: ConversationView; onMerge: (sourceId: string) => Promise<void> }) {
  const { t } = useTranslation('workspace');
  const customer = useCustomer(conversation.customerId);
  const [sourceId, setSourceId] = useState('');
  const others = (customer.data?.conversations ?? []).filter((other) => other.id !== conversation.id);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (sourceId) void onMerge(sourceId);
  };
  return (
    <Modal title={t('actions.mergeTitle', { number: conversation.number })} onClose={onClose}>
      <form className="form" onSubmit={submit}>
        <p>{t('actions.mergeExplain')}</p>
        {customer.isLoading && <p>{t('loading', { ns: 'common' })}</p>}
        {!customer.isLoading && others.length === 0 && <p>{t('actions.mergeNone')}</p>}
        {others.map((other) => (
          <label key={other.id} className="ws-check">
            <input type="radio" name="merge-source" value={other.id} checked={sourceId === other.id} onChange={() => setSourceId(other.id)} />#{other.number} · {t(`status.${other.status}`)} ·{' '}
            {other.subject || t('customer.noSubject')}
          </label>
        ))}
        <DialogButtons onClose={onClose} submitLabel={t('actions.mergeSubmit')} disabled={!sourceId} />
      </form>
    </Modal>
  );
}
