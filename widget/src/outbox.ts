import type { UploadResult, WidgetMessage } from '../../src/contracts/widget.views.js';
import { storedJson, type KeyValueStore } from './storage.js';

export type PendingUpload = UploadResult['upload'];

/** A message the customer wrote that the server has not confirmed yet. */
export interface OutboxEntry {
  clientMessageId: string;
  kind: 'message' | 'offline';
  text?: string;
  uploads?: PendingUpload[];
  /** The offline form's contact details (entries an earlier widget version left in the outbox). */
  contact?: { name?: string; email: string };
  createdAt: string;
}

export type SendOutcome =
  | { ok: true; message: WidgetMessage }
  /** retry: the connection failed or the server said "later"; otherwise the server refused this message for good. */
  | { ok: false; retry: boolean; reason: string };

export interface FlushListener {
  sent(entry: OutboxEntry, message: WidgetMessage): void;
  refused(entry: OutboxEntry, reason: string): void;
}

/**
 * Messages typed while the connection is down (or not yet confirmed), kept in storage so a
 * reload loses nothing. Each keeps its client message id: the server stores a repeat once,
 * so sending again after a lost acknowledgement, or from two tabs, still yields one message.
 */
export class Outbox {
  private readonly saved;
  private flushing: Promise<void> | undefined;
  private again = false;

  constructor(store: KeyValueStore) {
    this.saved = storedJson<OutboxEntry[]>(store, 'outbox', []);
  }

  entries(): OutboxEntry[] {
    return this.saved.read();
  }

  add(entry: OutboxEntry): void {
    this.saved.write([...this.entries().filter((other) => other.clientMessageId !== entry.clientMessageId), entry]);
  }

  clear(): void {
    this.saved.clear();
  }

  /** Sends waiting messages oldest first, one at a time; stops at the first that cannot go now. */
  flush(send: (entry: OutboxEntry) => Promise<SendOutcome>, listener: FlushListener): Promise<void> {
    if (this.flushing) {
      this.again = true;
      return this.flushing;
    }
    this.flushing = this.drain(send, listener).finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  private async drain(send: (entry: OutboxEntry) => Promise<SendOutcome>, listener: FlushListener): Promise<void> {
    do {
      this.again = false;
      for (const entry of this.entries()) {
        const outcome = await send(entry);
        if (!outcome.ok && outcome.retry) return;
        this.remove(entry.clientMessageId);
        if (outcome.ok) listener.sent(entry, outcome.message);
        else listener.refused(entry, outcome.reason);
      }
    } while (this.again);
  }

  private remove(clientMessageId: string): void {
    this.saved.write(this.entries().filter((entry) => entry.clientMessageId !== clientMessageId));
  }
}
