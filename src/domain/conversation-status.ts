import type { ConversationStatus } from '../contracts/enums.js';

export type { ConversationStatus };

const allowedTransitions: Record<ConversationStatus, ConversationStatus[]> = {
  OPEN: ['PENDING', 'SNOOZED', 'RESOLVED'],
  PENDING: ['OPEN', 'SNOOZED', 'RESOLVED'],
  SNOOZED: ['OPEN', 'PENDING', 'RESOLVED'],
  RESOLVED: ['OPEN'],
};

export function canChangeStatus(from: ConversationStatus, to: ConversationStatus): boolean {
  return allowedTransitions[from].includes(to);
}
