import { expect } from 'chai';
import { AppError, toAppError } from '../../src/core/errors.ts';
import { backoffMs, decideRetry, type RetryPolicy } from '../../src/core/retry-policy.ts';

const policy: RetryPolicy = { maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 5000 };
const midRandom = () => 0.5;
const err = (
  category: AppError['category'],
  retryable: boolean,
  extra: Partial<{ retryAfterMs: number; code: string }> = {},
) =>
  new AppError('x', {
    code: extra.code ?? category,
    category,
    retryable,
    ...(extra.retryAfterMs === undefined ? {} : { retryAfterMs: extra.retryAfterMs }),
  });

describe('decideRetry', () => {
  it('never retries a permanent error, and says which kind it was', () => {
    expect(decideRetry(err('validation', false), 1, policy)).to.deep.equal({
      retry: false,
      reason: 'permanent:validation',
      waitMs: 0,
    });
  });

  it('waits as long as a rate limit asks when it says so', () => {
    expect(decideRetry(err('rate_limit', true, { retryAfterMs: 3000 }), 1, policy)).to.deep.equal({
      retry: true,
      reason: 'rate_limited',
      waitMs: 3000,
    });
  });

  it('backs off on a rate limit that gives no wait', () => {
    const decision = decideRetry(err('rate_limit', true), 2, policy, midRandom);
    expect(decision).to.deep.equal({ retry: true, reason: 'rate_limited', waitMs: 750 });
  });

  it('refreshes the token once after an expired-token error, then gives up', () => {
    expect(decideRetry(err('auth', true), 1, policy)).to.deep.equal({
      retry: true,
      reason: 'token_refresh',
      waitMs: 0,
    });
    expect(decideRetry(err('auth', true), 2, policy).retry).to.equal(false);
  });

  it('retries network failures and 5xx with backoff', () => {
    const network = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    expect(decideRetry(network, 1, policy, midRandom)).to.deep.equal({ retry: true, reason: 'network', waitMs: 375 });
    expect(decideRetry(err('unavailable', true, { code: 'http_503' }), 1, policy, midRandom).reason).to.equal(
      'remote_unavailable',
    );
  });

  it('rides out a rate limit for longer than other failures before giving up', () => {
    const patient = { ...policy, maxRateLimitAttempts: 6 };
    expect(decideRetry(err('rate_limit', true), 5, patient).retry).to.equal(true);
    expect(decideRetry(err('rate_limit', true), 6, patient).reason).to.equal('attempts_exhausted');
    expect(decideRetry(err('unavailable', true), 3, patient).reason).to.equal('attempts_exhausted');
  });

  it('stops when the attempts are used up', () => {
    expect(decideRetry(err('unavailable', true), 3, policy)).to.deep.equal({
      retry: false,
      reason: 'attempts_exhausted',
      waitMs: 0,
    });
  });

  it('caps the backoff and keeps 50–100 % jitter', () => {
    expect(backoffMs(10, policy, () => 0)).to.equal(2500);
    expect(backoffMs(10, policy, () => 1)).to.equal(5000);
  });
});

describe('toAppError', () => {
  it('recognises a connection failure wrapped by fetch as a retryable network error', () => {
    const fetchError = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    });
    const wrapped = toAppError(fetchError);
    expect(wrapped.category).to.equal('unavailable');
    expect(wrapped.retryable).to.equal(true);
  });

  it('treats an unknown throw as an internal error with a message a person can read', () => {
    const wrapped = toAppError('boom');
    expect(wrapped.category).to.equal('internal');
    expect(wrapped.userMessage).to.match(/unexpected error/);
  });
});
