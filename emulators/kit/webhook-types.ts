/** The words of outgoing webhooks: what is sent, on which policy, how it may misbehave, what happened. */

export interface OutgoingWebhook {
  /** The subscription (hook id, endpoint id) the delivery belongs to. */
  subscription: string;
  url: string;
  /** e.g. `store/order/created`, `invoice.paid`: for the delivery log. */
  event: string;
  /** The body, or a function building it at each attempt (WooCommerce builds payloads at delivery time). */
  body: string | (() => string);
  headers?: Record<string, string>;
  /** Signature headers for this attempt's body and time (Stripe signs `t=` of the attempt). */
  sign?: (body: string, atMs: number) => Record<string, string>;
}

export interface DeliveryPolicy {
  /** Wait before each retry, in emulated milliseconds; empty = never retried. */
  retryDelaysMs: readonly number[];
  /** Real milliseconds per emulated millisecond (0.001: an hour of back-off passes in 3.6 s). */
  timeScale: number;
  timeoutMs: number;
  success?: (status: number) => boolean;
  /**
   * Consulted before each attempt. `blockedUntil` (emulated epoch ms) holds it unsent: it counts as a
   * failed attempt and its retry goes no earlier than that (BigCommerce blocklists a failing domain
   * and queues its events). `status`/`error` fail or answer it without a request, as if the endpoint
   * had answered so or been unreachable (an "endpoint down" lever). Undefined sends it.
   */
  preflight?: (hook: OutgoingWebhook, attempt: number) => Preflight | undefined;
  /**
   * Follow redirects before judging the answer (default true). WooCommerce sends with
   * `redirection => 0` and counts a 301/302 as delivered; a sender that does not follow says false.
   */
  followRedirects?: boolean;
}

export type Preflight = { blockedUntil: number } | { status: number } | { error: string };

export interface Chaos {
  /** Share of deliveries sent twice. */
  duplicate: number;
  /** Share of deliveries never sent (as if the sender lost them). */
  drop: number;
  /** Hold deliveries in groups of this size and send each group shuffled (0/1 = in order). */
  reorderWindow: number;
  /** Extra real milliseconds before each delivery. */
  delayMs: number;
}

export interface DeliveryRecord {
  id: string;
  subscription: string;
  event: string;
  url: string;
  attempt: number;
  outcome: 'delivered' | 'failed' | 'dropped' | 'gave_up';
  status?: number;
  error?: string;
  at: number;
  /** Held unsent because the destination was blocked (see `DeliveryPolicy.preflight`). */
  blocked?: true;
  /** Answered by `preflight`, not by the endpoint. */
  simulated?: true;
}
