import { z } from 'zod';

/**
 * One long-running job per enabled mailbox: the worker holding it is the mailbox's only
 * watcher in the cluster. BullMQ's job lock is the lease: when that process dies the lock
 * lapses, the stalled-job check puts the job back, and another process takes it over.
 */
export const MAILBOX_WATCH_QUEUE = 'email-mailbox-watch';
export const WATCH_MAILBOX_JOB = 'watch-mailbox';

export const watchMailboxPayload = z.object({ mailboxId: z.uuid() });
export type WatchMailboxPayload = z.infer<typeof watchMailboxPayload>;

/** Job ids may not contain ':' in BullMQ; one id per mailbox makes a second add a no-op. */
export const watchJobId = (mailboxId: string) => `mailbox-${mailboxId}`;
