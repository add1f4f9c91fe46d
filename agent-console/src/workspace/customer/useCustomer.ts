import { useQuery } from '@tanstack/react-query';
import { request } from '../../api/client';
import type { Channel, ConversationStatus, CustomerTier, Priority } from '../../../../src/contracts/enums';

export interface CustomerConversation {
  id: string;
  number: number;
  status: ConversationStatus;
  subject: string;
  channel?: Channel;
  inboxName?: string;
  lastMessageAt: string;
}

export interface CustomerDetails {
  customer: {
    id: string;
    name: string | null;
    company: string | null;
    tier: CustomerTier;
    priority: Priority | number;
    attributes: { custom?: Record<string, string | number | boolean> } & Record<string, unknown>;
    identities: { kind: string; value: string; verified: boolean }[];
    createdAt: string;
  };
  conversations: CustomerConversation[];
  openTickets: CustomerConversation[];
}

type RawCustomer = Partial<CustomerDetails> & { customer: CustomerDetails['customer'] & { conversations?: CustomerConversation[] } };

export const customerKey = (customerId: string) => ['customer', customerId];

/** GET /api/customers/:id; before the console contract landed, conversations sat inside `customer`. */
export function useCustomer(customerId: string | undefined) {
  return useQuery({
    queryKey: customerKey(customerId ?? ''),
    enabled: Boolean(customerId),
    queryFn: async (): Promise<CustomerDetails> => {
      const raw = await request<RawCustomer>(`/customers/${customerId}`);
      return {
        customer: { ...raw.customer, attributes: raw.customer.attributes ?? {} },
        conversations: raw.conversations ?? raw.customer.conversations ?? [],
        openTickets: raw.openTickets ?? [],
      };
    },
  });
}

export function customerEmail(details: CustomerDetails | undefined): string | null {
  return details?.customer.identities.find((identity) => identity.kind === 'EMAIL')?.value ?? null;
}
