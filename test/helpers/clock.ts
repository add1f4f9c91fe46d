import type { Clock } from '../../src/infra/clock.js';

/**
 * Real time plus an offset a test moves forward, so timeouts and sweeps happen when the test says.
 * freeze() stops it at the current time: then only advance() moves it, however slow the machine is.
 */
export class TestClock implements Clock {
  private offsetMs = 0;
  private frozenAt: number | undefined;

  now(): number {
    return (this.frozenAt ?? Date.now()) + this.offsetMs;
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  freeze(): void {
    this.frozenAt ??= Date.now();
  }
}
