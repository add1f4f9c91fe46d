import { useEffect, useRef } from 'react';
import { agentSocket } from '../../realtime/socket';

const THROTTLE_MS = 2_000;
const STOP_AFTER_MS = 4_000;

/** Tells the customer the agent is typing: at most every 2 s, and "stopped" after a pause or on send. */
export function useTypingSignal(conversationId: string) {
  const lastSent = useRef(0);
  const stopTimer = useRef<ReturnType<typeof setTimeout>>(undefined);

  const emit = (isTyping: boolean) => agentSocket().emit('typing', { conversationId, isTyping }, () => undefined);

  const stop = () => {
    clearTimeout(stopTimer.current);
    if (lastSent.current === 0) return;
    lastSent.current = 0;
    emit(false);
  };

  const typed = () => {
    const now = Date.now();
    if (now - lastSent.current > THROTTLE_MS) {
      lastSent.current = now;
      emit(true);
    }
    clearTimeout(stopTimer.current);
    stopTimer.current = setTimeout(stop, STOP_AFTER_MS);
  };

  // Leaving the conversation ends the indicator there.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => stop, [conversationId]);

  return { typed, stop };
}
