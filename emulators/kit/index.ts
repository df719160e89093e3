/**
 * The emulator kit: what every emulator needs, written once. An emulator is a stateful,
 * rule-enforcing stand-in for a real service (never a mock); the kit gives it a server, the
 * `/__control` conventions, faults, a movable clock, request statistics, a rate limiter, outgoing
 * webhooks and the shared page look. See README.md in this folder.
 */
export { type AppSpec, appsFromCli, parseAppSpec } from './apps.ts';
export { Clock } from './clock.ts';
export { type Compact, compact } from './compact.ts';
export { type ControlKit, type ControlPost, controlRouter } from './control.ts';
export { type FailureBody, type FaultGateOptions, failAfterCommit, faultGate } from './fault-gate.ts';
export { type FaultInput, type FaultRequest, FaultSpec, Faults, seededRandom } from './faults.ts';
export {
  basicCredentials,
  bearer,
  delay,
  escapeHtml,
  queryOf,
  readBody,
  readJson,
  send,
  sendJson,
} from './http.ts';
export { bracketPath, type NestedValue, parseNestedParams, parseNestedQuery } from './nested-params.ts';
export { PAGE_CSS, type PageOptions, renderPage } from './page.ts';
export { FixedWindowLimiter, type LimitAnswer, type LimitSettings, SlidingWindowLimiter } from './rate-limit.ts';
export { type EmulatorServer, runEmulatorCli, type ServeOptions, serveEmulator } from './server.ts';
export { type RequestSeen, RequestStats, routeKey, type ScopeStats } from './stats.ts';
export {
  type Chaos,
  type DeliveryPolicy,
  type DeliveryRecord,
  type OutgoingWebhook,
  type Preflight,
  WebhookDispatcher,
} from './webhooks.ts';
