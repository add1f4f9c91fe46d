import type { Clock } from '../../src/infra/clock.js';

/** Real time plus an offset a test moves forward, so timeouts and sweeps happen when the test says. */
export class TestClock implements Clock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
