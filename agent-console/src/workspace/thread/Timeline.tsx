import { useLayoutEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../auth/session.store';
import { formatDateTime } from '../../dates';
import { Spinner } from '../../ui/feedback';
import { nameOfUser, useDirectory } from '../directory';
import { MessageItem } from './MessageItem';
import { buildEntries, describeEvent } from './thread-logic';
import { useThread } from './thread.store';
import type { TimelineEventView } from '../../../../src/contracts/timeline.views';

const NEAR_BOTTOM_PX = 120;

/** Messages and system lines in one scroll, newest at the bottom; scrolling up loads older ones. */
export function Timeline() {
  const { t } = useTranslation('workspace');
  const { messages, events, hasOlder, timelineCursor, loadingOlder, loadOlder, customerTyping, conversationId } = useThread();
  const entries = useMemo(() => buildEntries(messages, events, hasOlder), [messages, events, hasOlder]);
  const scroller = useRef<HTMLDivElement>(null);
  const anchor = useRef<{ height: number; top: number; atBottom: boolean; first?: string }>({ height: 0, top: 0, atBottom: true });

  // After a render: older entries keep what the agent was reading in place; new ones follow the bottom.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const before = anchor.current;
    const first = entries[0]?.at;
    if (before.first && first && first < before.first && !before.atBottom) {
      element.scrollTop = element.scrollHeight - before.height + before.top;
    } else if (before.atBottom) {
      element.scrollTop = element.scrollHeight;
    }
    anchor.current = { ...anchor.current, first, height: element.scrollHeight, top: element.scrollTop };
  }, [entries, customerTyping]);

  useLayoutEffect(() => {
    anchor.current = { height: 0, top: 0, atBottom: true };
  }, [conversationId]);

  const onScroll = () => {
    const element = scroller.current!;
    anchor.current = {
      ...anchor.current,
      height: element.scrollHeight,
      top: element.scrollTop,
      atBottom: element.scrollHeight - element.scrollTop - element.clientHeight < NEAR_BOTTOM_PX,
    };
    if (element.scrollTop < 80 && (hasOlder || timelineCursor)) void loadOlder();
  };

  return (
    <div className="ws-timeline" ref={scroller} onScroll={onScroll} data-testid="timeline">
      {loadingOlder && <Spinner label={t('thread.loadingOlder')} />}
      {!hasOlder && !timelineCursor && <p className="ws-timeline-start">{t('thread.start')}</p>}
      {entries.map((entry) =>
        entry.type === 'message' ? (
          <MessageItem key={entry.message.id} message={entry.message} />
        ) : (
          <EventLine key={entry.event.id} event={entry.event} currentId={conversationId} />
        ),
      )}
      {customerTyping && (
        <p className="ws-typing" data-testid="customer-typing">
          {t('thread.customerTyping')}
        </p>
      )}
    </div>
  );
}

function EventLine({ event, currentId }: { event: TimelineEventView; currentId: string | null }) {
  const { t, i18n } = useTranslation('workspace');
  const me = useMe();
  const directory = useDirectory();
  const line = describeEvent(event, (id) => nameOfUser(directory, id));
  const values = { ...line.values, ...(line.values.to && line.key === 'events.status' && { to: t(`status.${line.values.to}`) }) };
  return (
    <p className="ws-event" data-testid="system-line">
      {t(line.key, values)}
      {event.conversationId && event.conversationId !== currentId && <span className="ws-event-other"> {t('events.otherConversation')}</span>}
      <time dateTime={event.createdAt}> · {formatDateTime(event.createdAt, i18n.language, me.timeZone)}</time>
    </p>
  );
}
