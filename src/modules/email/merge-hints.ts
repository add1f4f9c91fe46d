import type { Logger } from '../../infra/logger.js';
import type { CustomersService } from '../customers/customers.service.js';
import type { ThreadCandidates } from './thread-lookup.js';

export interface MergeHintMail {
  /** Sender address and display name. */
  from: { address: string; name: string };
  /** The customer the mail was stored for: the sender's own, or for a participant the thread's. */
  customerId: string;
  participant: boolean;
}

const sameName = (a: string, b: string) => a.trim() !== '' && a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();

/**
 * A person answering a thread of another customer (its In-Reply-To/References or reply token point
 * there) from an address of their own may be that customer writing from a second address: the
 * customers module is asked to suggest a merge, never to make one. A participant (someone copied on
 * the thread) is expected there; only when they are a known customer bearing the thread customer's
 * name is a merge suggested. Where the mail was stored does not change.
 */
export async function suggestSenderMerges(customers: CustomersService, mail: MergeHintMail, candidates: ThreadCandidates, logger: Logger): Promise<void> {
  const threadCustomerIds = new Set(
    [...candidates.byHeaders, ...(candidates.byReplyToken ? [candidates.byReplyToken] : [])].map((candidate) => candidate.customerId),
  );
  try {
    const sender = mail.participant ? await customers.findCustomerByIdentity({ kind: 'EMAIL', value: mail.from.address }) : { id: mail.customerId };
    if (!sender) return;
    for (const threadCustomerId of threadCustomerIds) {
      if (threadCustomerId === sender.id) continue;
      const { name } = await customers.getCustomer(threadCustomerId);
      if (sameName(name, mail.from.name)) await customers.suggestMerge(threadCustomerId, sender.id, 'same-name');
      else if (!mail.participant) await customers.suggestMerge(threadCustomerId, sender.id, 'thread-reply');
    }
  } catch (error) {
    // The mail is stored; a missed hint only means an agent is not prompted to merge.
    logger.warn({ err: error, from: mail.from.address }, 'merge suggestion failed');
  }
}
