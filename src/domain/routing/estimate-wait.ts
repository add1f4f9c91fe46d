export interface EstimateWaitOptions {
  /** 1 = next in line. */
  position: number;
  /** Recent average time an agent spends on one item of this team, in seconds. */
  averageHandleSeconds: number;
  /** How many items the team's online agents work on at once. */
  parallelSlots: number;
}

/** A customer-facing estimate: whole minutes' worth of seconds, never promising "now" to someone behind others. */
export function estimateWaitSeconds({ position, averageHandleSeconds, parallelSlots }: EstimateWaitOptions): number {
  if (parallelSlots <= 0) return Math.ceil(position * averageHandleSeconds);
  const rounds = Math.ceil(position / parallelSlots);
  return Math.ceil(rounds * averageHandleSeconds);
}
