/**
 * Where time-driven work (presence timeouts, sweeps, snooze wake-ups) reads the time.
 * Injected so tests move time forward instead of waiting for real timers.
 */
export interface Clock {
  /** Milliseconds since the epoch, like Date.now(). */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
