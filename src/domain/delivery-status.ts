export type DeliveryStatus = 'RECEIVED' | 'QUEUED' | 'SENT' | 'DELIVERED' | 'READ' | 'FAILED';

/**
 * How far a message has got. Reports arrive out of order (a reader's "read" can overtake the
 * channel's own "sent"), so a message only ever moves forward. FAILED stands apart: a retry
 * starts again at QUEUED.
 */
const stage: Record<DeliveryStatus, number | undefined> = {
  QUEUED: 0,
  RECEIVED: 1,
  SENT: 1,
  DELIVERED: 2,
  READ: 3,
  FAILED: undefined,
};

const ordered = Object.keys(stage) as DeliveryStatus[];

/** The statuses a message may move from to reach `status`. */
export function deliveryStatusesBefore(status: DeliveryStatus): DeliveryStatus[] {
  const target = stage[status];
  return target === undefined ? [] : ordered.filter((other) => (stage[other] ?? Infinity) < target);
}

/** The statuses that have got further than `status`: a late report of `status` must not undo them. */
export function deliveryStatusesAfter(status: DeliveryStatus): DeliveryStatus[] {
  const target = stage[status];
  return target === undefined ? [] : ordered.filter((other) => (stage[other] ?? -Infinity) > target);
}
