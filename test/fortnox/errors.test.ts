import { expect } from 'chai';
import { decideRetry } from '../../src/core/retry-policy.ts';
import {
  FortnoxAuthError,
  FortnoxNotFoundError,
  FortnoxRateLimitError,
  FortnoxUnavailableError,
  FortnoxValidationError,
  fortnoxErrorFromNetwork,
  fortnoxErrorFromResponse,
  isAmbiguous,
  parseRetryAfter,
} from '../../src/fortnox/index.ts';
import { recordedAnswer, recordedAnswers, recordedPresent } from './helpers/recorded.ts';

const fromRecorded = (name: string) => {
  const a = recordedAnswer(name);
  return fortnoxErrorFromResponse({ status: a.status, contentType: a.contentType, body: a.body });
};

describe('Fortnox errors: every body shape becomes a typed error', () => {
  describe('recorded traffic from api.fortnox.se', () => {
    before(function () {
      if (!recordedPresent()) this.skip(); // ../shared/fixtures is absent outside the team checkout
    });

    it('maps every recorded error answer to a Fortnox error class with our code', () => {
      const answers = recordedAnswers(400, 599);
      expect(answers.length).to.be.greaterThan(5);
      for (const a of answers) {
        const err = fortnoxErrorFromResponse({ status: a.status, contentType: a.contentType, body: a.body });
        expect(err.code, a.name).to.match(/^fortnox_/);
        expect(err.userMessage, a.name).to.not.match(/undefined|\[object/);
      }
    });

    it('an expired token ({"message":"unauthorized"}) is an auth error worth one refresh', () => {
      const err = fromRecorded('authentication/expired_token');
      expect(err).to.be.instanceOf(FortnoxAuthError);
      expect(err.retryable).to.equal(true);
      expect(decideRetry(err, 1).reason).to.equal('token_refresh');
    });

    it('a used refresh token (invalid_grant served as text/html) is a permanent auth error', () => {
      const err = fromRecorded('authentication/invalid_refresh_token');
      expect(err).to.be.instanceOf(FortnoxAuthError);
      expect(err.retryable).to.equal(false);
      expect(err.details.oauthError).to.equal('invalid_grant');
    });

    it('wrong client credentials (invalid_client served as text/plain) tell an operator what to fix', () => {
      const err = fromRecorded('authentication/invalid_authorization');
      expect(err).to.be.instanceOf(FortnoxAuthError);
      expect(err.retryable).to.equal(false);
      expect(err.userMessage).to.include('FORTNOX_CLIENT_ID');
    });

    it('a capitalised 404 ErrorInformation keeps the Fortnox code and explains it', () => {
      const err = fromRecorded('customers/find_failure');
      expect(err).to.be.instanceOf(FortnoxNotFoundError);
      expect(err.fortnoxCode).to.equal(2000433);
      expect(err.remoteMessage).to.equal('Kan inte hitta kunden.');
      expect(err.userMessage).to.include('customer does not exist');
    });

    it('a lowercase 400 ErrorInformation is a validation error with the Swedish text kept in details', () => {
      const err = fromRecorded('orders/filter_invalid');
      expect(err).to.be.instanceOf(FortnoxValidationError);
      expect(err.retryable).to.equal(false);
      expect(err.details).to.include({ fortnoxCode: 2000587, remoteMessage: 'Ett ogiltigt filter har använts.' });
    });
  });

  it('explains the codes finance meets most, in English', () => {
    const cases: Array<[number, RegExp]> = [
      [2000423, /account number used does not exist/],
      [2001304, /could not find an account/],
      [2000663, /permission \(scope\)/],
      [2001101, /subscription lacks the module/],
      [2001103, /API access/],
      [2000637, /already used/],
      [2000108, /must be a number/],
    ];
    for (const [code, text] of cases) {
      const err = fortnoxErrorFromResponse({
        status: 400,
        body: JSON.stringify({ ErrorInformation: { error: 1, message: 'x', code } }),
      });
      expect(err, String(code)).to.be.instanceOf(FortnoxValidationError);
      expect(err.userMessage, String(code)).to.match(text);
    }
  });

  it('a customer number taken by a deleted customer is a conflict, not bad data', () => {
    const err = fortnoxErrorFromResponse({
      status: 400,
      body: '{"ErrorInformation":{"Error":1,"Message":"Kundnummer 1 används redan.","Code":"2000637"}}',
    });
    expect(err.category).to.equal('conflict');
    expect(err.fortnoxCode).to.equal(2000637);
  });

  it('an unknown 400 code still carries the Swedish message to the user', () => {
    const err = fortnoxErrorFromResponse({
      status: 400,
      body: '{"ErrorInformation":{"error":1,"message":"Fakturan är bokförd.","code":2999001}}',
    });
    expect(err).to.be.instanceOf(FortnoxValidationError);
    expect(err.userMessage).to.include('Fakturan är bokförd.');
  });

  it('429 honours Retry-After in seconds or as a date', () => {
    const err = fortnoxErrorFromResponse({ status: 429, body: '{"message":"Too Many Requests"}', retryAfter: '3' });
    expect(err).to.be.instanceOf(FortnoxRateLimitError);
    expect(err.retryAfterMs).to.equal(3000);
    expect(decideRetry(err, 1)).to.include({ retry: true, reason: 'rate_limited', waitMs: 3000 });
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 8_000)).to.equal(2000);
    expect(fortnoxErrorFromResponse({ status: 429, body: '' }).retryAfterMs).to.equal(undefined);
  });

  it('HTML outage pages, empty 5xx bodies and System exception are retryable unavailability', () => {
    const bodies: Array<[number, string, string]> = [
      [503, '<html><body><h1>Service Unavailable</h1></body></html>', 'text/html'],
      [502, '', ''],
      [500, '{"ErrorInformation":{"error":1,"message":"System exception","code":1000003}}', 'application/json'],
      [200, '<!doctype html><title>Planerat underhåll</title>', 'text/html'],
    ];
    for (const [status, body, contentType] of bodies) {
      const err = fortnoxErrorFromResponse({ status, body, contentType, idempotent: true });
      expect(err, `${status} ${body}`).to.be.instanceOf(FortnoxUnavailableError);
      expect(err.retryable).to.equal(true);
      expect(isAmbiguous(err)).to.equal(false);
    }
  });

  it('a 5xx after a non-idempotent write is flagged ambiguous', () => {
    const err = fortnoxErrorFromResponse({ status: 500, body: '', idempotent: false });
    expect(isAmbiguous(err)).to.equal(true);
    expect(err.code).to.equal('fortnox_ambiguous');
  });

  it('an HTML 404 (wrong path) is not mistaken for a missing record', () => {
    const err = fortnoxErrorFromResponse({
      status: 404,
      body: '<html><body><h1>404 Not Found</h1></body></html>',
      contentType: 'text/html',
    });
    expect(err).to.be.instanceOf(FortnoxNotFoundError);
    expect(err.code).to.equal('fortnox_endpoint_not_found');
  });

  it('403 (scope or licence) is a permanent auth error', () => {
    const err = fortnoxErrorFromResponse({
      status: 403,
      body: '{"ErrorInformation":{"error":1,"message":"Har inte behörighet för scope","code":2000663}}',
    });
    expect(err).to.be.instanceOf(FortnoxAuthError);
    expect(err.retryable).to.equal(false);
    expect(err.userMessage).to.include('reconnect Fortnox');
  });

  it('network failures: refused before sending is safe to retry, a reset during a write is ambiguous', () => {
    const refused = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    });
    const reset = new TypeError('fetch failed', {
      cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
    });
    expect(isAmbiguous(fortnoxErrorFromNetwork(refused, { idempotent: false, timedOut: false }))).to.equal(false);
    expect(isAmbiguous(fortnoxErrorFromNetwork(reset, { idempotent: false, timedOut: false }))).to.equal(true);
    expect(isAmbiguous(fortnoxErrorFromNetwork(reset, { idempotent: true, timedOut: false }))).to.equal(false);
    expect(
      fortnoxErrorFromNetwork(new DOMException('t', 'TimeoutError'), { idempotent: true, timedOut: true }).code,
    ).to.equal('fortnox_timeout');
  });
});
