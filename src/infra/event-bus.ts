import type { Logger } from './logger.js';

type Listener<Payload> = (payload: Payload) => void | Promise<void>;

/**
 * In-process publish/subscribe with a typed event map. Services publish after their
 * transaction commits; a failing listener is logged and never reaches the publisher.
 * Cross-process fan-out is Socket.IO's Redis adapter's job, not this bus's.
 */
export class EventBus<Events extends object> {
  private readonly listeners = new Map<keyof Events, Listener<never>[]>();
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly logger: Logger) {}

  on<Name extends keyof Events>(name: Name, listener: Listener<Events[Name]>): void {
    const current = this.listeners.get(name) ?? [];
    this.listeners.set(name, [...current, listener as Listener<never>]);
  }

  publish<Name extends keyof Events>(name: Name, payload: Events[Name]): void {
    for (const listener of this.listeners.get(name) ?? []) {
      const run = Promise.resolve()
        .then(() => (listener as Listener<Events[Name]>)(payload))
        .catch((error: unknown) => this.logger.error({ err: error, event: name }, 'event listener failed'));
      this.running.add(run);
      void run.finally(() => this.running.delete(run));
    }
  }

  /** Resolves when every listener started so far has finished (shutdown waits for this). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}
