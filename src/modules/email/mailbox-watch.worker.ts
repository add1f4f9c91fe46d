import { setTimeout as sleep } from 'node:timers/promises';
import { DelayedError, Queue, Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { Logger } from '../../infra/logger.js';
import type { WatchOutcome } from './imap-watcher.js';
import { MAILBOX_WATCH_QUEUE, WATCH_MAILBOX_JOB, watchJobId, watchMailboxPayload, type WatchMailboxPayload } from './mailbox-watch.jobs.js';

export interface MailboxWatchersOptions {
  connection: ConnectionOptions;
  prefix: string;
  /** Mailboxes one process watches at most. */
  concurrency: number;
  /** Lease length: a dead process's mailboxes are taken over after about twice this. */
  lockMs: number;
  /** Watches one mailbox until the signal aborts; 'disabled' when it should no longer be watched. */
  watch: (mailboxId: string, signal: AbortSignal) => Promise<WatchOutcome | 'disabled'>;
  logger: Logger;
}

const RESTART_DELAY_MS = 5000;

/** Spreads mailbox watchers over the server processes through one BullMQ job per mailbox. */
export class MailboxWatchers {
  private readonly queue: Queue<WatchMailboxPayload>;
  private worker?: Worker<WatchMailboxPayload>;
  private readonly stopping = new AbortController();

  constructor(private readonly options: MailboxWatchersOptions) {
    this.queue = new Queue(MAILBOX_WATCH_QUEUE, { connection: options.connection, prefix: options.prefix });
  }

  start(): void {
    this.worker = new Worker<WatchMailboxPayload>(MAILBOX_WATCH_QUEUE, (job, token, signal) => this.runJob(job, token, signal), {
      connection: this.options.connection,
      prefix: this.options.prefix,
      concurrency: this.options.concurrency,
      lockDuration: this.options.lockMs,
      stalledInterval: this.options.lockMs,
      // A watcher job stalls each time its process dies; it must never be failed for that.
      maxStalledCount: Number.MAX_SAFE_INTEGER,
    });
    this.worker.on('error', (error) => this.options.logger.error({ err: error }, 'mailbox watch worker error'));
  }

  /** Makes sure some process watches the mailbox (a no-op while its job exists). */
  async ensureWatched(mailboxId: string): Promise<void> {
    await this.queue.add(
      WATCH_MAILBOX_JOB,
      { mailboxId },
      { jobId: watchJobId(mailboxId), removeOnComplete: true, removeOnFail: true },
    );
  }

  /** Stops this process's watchers; their mailboxes go back to the queue for the other processes. */
  async close(): Promise<void> {
    this.stopping.abort();
    await this.worker?.close();
    await this.queue.close();
  }

  private async runJob(job: Job<WatchMailboxPayload>, token: string | undefined, lost: AbortSignal | undefined) {
    const { mailboxId } = watchMailboxPayload.parse(job.data);
    const signal = lost ? AbortSignal.any([this.stopping.signal, lost]) : this.stopping.signal;
    while (!signal.aborted) {
      let outcome: WatchOutcome | 'disabled';
      try {
        outcome = await this.options.watch(mailboxId, signal);
      } catch (error) {
        // The job must outlive a failure (a database hiccup, a key that no longer opens a secret): failing it would orphan the mailbox.
        this.options.logger.error({ err: error, mailboxId }, 'mailbox watcher failed; starting it again shortly');
        await sleep(RESTART_DELAY_MS, undefined, { signal }).catch(() => undefined);
        continue;
      }
      if (outcome === 'disabled') return;
      if (outcome === 'stopped') break;
    }
    // Shutting down: hand the mailbox back at once rather than finishing the job.
    await job.moveToDelayed(Date.now(), token);
    throw new DelayedError();
  }
}
