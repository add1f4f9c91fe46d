import type { ConversationStatus } from './conversation-status.js';

/** A conversation one of the mail's thread keys points at. */
export interface ThreadCandidate {
  conversationId: string;
  customerId: string;
  status: ConversationStatus;
  resolvedAt: Date | null;
}

export interface ResolveEmailThreadOptions {
  /** The customer the sender's address resolved to. */
  customerId: string;
  /** Conversations holding a message whose Message-ID the mail names: In-Reply-To first, then References newest first. */
  byHeaders: ThreadCandidate[];
  /** The conversation whose reply token is in a recipient's plus address. */
  byReplyToken: ThreadCandidate | null;
  /** The conversation whose number is in the subject ("[#1042]"). */
  bySubjectNumber: ThreadCandidate | null;
  now: Date;
  /** A conversation resolved longer ago than this is not reopened: the mail starts a new one. */
  reopenWithinMs: number;
}

export type ThreadMatch = 'headers' | 'reply-token' | 'subject-number';

export type EmailThreadDecision =
  | { kind: 'existing'; conversationId: string; matchedBy: ThreadMatch; reopens: boolean }
  | {
      kind: 'new';
      reason: 'no-match' | 'other-customer' | 'resolved-long-ago';
      /** The stale conversation the mail answered, for a link. */
      relatedConversationId?: string;
    };

/**
 * Which conversation an inbound e-mail belongs to. Keys are tried strongest first
 * (Message-ID headers, reply token, subject number), and every key only counts for
 * the sender's own conversations: a mail never lands on another customer's thread,
 * however it is addressed or titled.
 */
export function resolveEmailThread(options: ResolveEmailThreadOptions): EmailThreadDecision {
  const ownHeaderMatch = options.byHeaders.find((candidate) => candidate.customerId === options.customerId);
  const ordered: [ThreadMatch, ThreadCandidate | null | undefined][] = [
    ['headers', ownHeaderMatch],
    ['reply-token', options.byReplyToken],
    ['subject-number', options.bySubjectNumber],
  ];
  for (const [matchedBy, candidate] of ordered) {
    if (!candidate || candidate.customerId !== options.customerId) continue;
    return decideOnMatch(candidate, matchedBy, options);
  }
  const pointsElsewhere =
    options.byHeaders.length > 0 || options.byReplyToken !== null || options.bySubjectNumber !== null;
  return { kind: 'new', reason: pointsElsewhere ? 'other-customer' : 'no-match' };
}

function decideOnMatch(candidate: ThreadCandidate, matchedBy: ThreadMatch, options: ResolveEmailThreadOptions): EmailThreadDecision {
  if (candidate.status !== 'RESOLVED') {
    return { kind: 'existing', conversationId: candidate.conversationId, matchedBy, reopens: false };
  }
  const resolvedFor = candidate.resolvedAt ? options.now.getTime() - candidate.resolvedAt.getTime() : 0;
  if (resolvedFor > options.reopenWithinMs) {
    return { kind: 'new', reason: 'resolved-long-ago', relatedConversationId: candidate.conversationId };
  }
  return { kind: 'existing', conversationId: candidate.conversationId, matchedBy, reopens: true };
}
