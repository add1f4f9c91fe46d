export interface EstimateWaitOptions {
  /** 1 = next in line. */
  position: number;
  /** Recent average time an agent spends on one item of this team, in seconds. */
  averageHandleSeconds: number;
  /** How many items the team's online agents work on at once. */
  parallelSlots: number;
}

/** Seconds until enough items ahead finish for this position to reach an agent. */
export function estimateWaitSeconds({ position, averageHandleSeconds, parallelSlots }: EstimateWaitOptions): number {
  if (parallelSlots <= 0) return Math.ceil(position * averageHandleSeconds);
  const rounds = Math.ceil(position / parallelSlots);
  return Math.ceil(rounds * averageHandleSeconds);
}
