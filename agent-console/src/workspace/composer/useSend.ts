import { useState } from 'react';
import { apiPath, request } from '../../api/client';
import { emitWithAck } from '../../realtime/socket';
import type { MessageView } from '../../../../src/contracts/conversation.views';

export interface Outgoing {
  conversationId: string;
  text: string;
  isPrivate: boolean;
  mentions: string[];
  files: File[];
}

/**
 * Sends a reply or note over the socket on every channel (the server hands an e-mail reply to its
 * mail deliverer), files first uploaded to /api/uploads for single-use tokens.
 * The clientMessageId makes a retry after a lost answer land once.
 */
export function useSend() {
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function send(outgoing: Outgoing): Promise<MessageView | null> {
    setSending(true);
    setError(null);
    const clientMessageId = crypto.randomUUID();
    try {
      const uploads = await Promise.all(
        outgoing.files.map((file) => request<{ upload: { token: string } }>(apiPath('/uploads', { fileName: file.name }), { method: 'POST', raw: file })),
      );
      const { message } = await emitWithAck('message:send', {
        conversationId: outgoing.conversationId,
        text: outgoing.text,
        isPrivate: outgoing.isPrivate,
        clientMessageId,
        ...(uploads.length > 0 && { uploads: uploads.map(({ upload }) => upload.token) }),
        ...(outgoing.isPrivate && outgoing.mentions.length > 0 && { mentions: outgoing.mentions }),
      });
      return message;
    } catch (failure) {
      setError(failure);
      return null;
    } finally {
      setSending(false);
    }
  }

  return { send, sending, error };
}
