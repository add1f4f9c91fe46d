/** How both namespaces answer a client's event: the result, or an error a person can read. */
export interface AckError {
  ok: false;
  error: { code: string; message: string; details?: unknown };
}
export type Ack<Result> = ({ ok: true } & Result) | AckError;

/** A request table (event -> payload and result) as Socket.IO's event map: the last argument is the ack. */
export type AckedEvents<Requests extends { [Event in keyof Requests]: { payload: unknown; result: object } }> = {
  [Event in keyof Requests]: (payload: Requests[Event]['payload'], ack: (answer: Ack<Requests[Event]['result']>) => void) => void;
};

/** The result of a request that only confirms. */
export type Confirmed = Record<never, never>;
