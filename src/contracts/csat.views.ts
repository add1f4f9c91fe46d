/** A customer's satisfaction rating (1-5) of a resolved conversation, with an optional comment. */
export interface RatingView {
  rating: number;
  comment: string;
}

/** `csat:rated` on /agent: a customer rated a conversation the agent may see. */
export interface CsatRatedPayload extends RatingView {
  conversationId: string;
  customerId: string;
}
