import { expect } from 'chai';
import Stripe from 'stripe';
import { AppError } from '../../../src/core/errors.ts';
import { stripeFailure } from '../../../src/sources/stripe/client.ts';

/** What a person reads when Stripe fails a request: "tried again" only when it is. */
describe('Stripe failures in plain words', () => {
  const failure = (error: unknown) => {
    const e = stripeFailure(error, 'GET invoices/in_1');
    expect(e).to.be.instanceOf(AppError);
    return e as AppError;
  };

  it('a refused request (400) is not retried and does not say it will be', () => {
    const e = failure(
      new Stripe.errors.StripeInvalidRequestError({ message: 'Invalid limit: must be at most 100', statusCode: 400 }),
    );
    expect(e.retryable).to.equal(false);
    expect(e.userMessage).to.not.match(/tried again automatically/);
    expect(e.userMessage).to.match(/not tried again/);
    expect(e.userMessage).to.include('Invalid limit: must be at most 100');
  });

  it('an outage (500, 429, network) is retried and says so', () => {
    for (const error of [
      new Stripe.errors.StripeAPIError({ message: 'An unknown error occurred', statusCode: 500 }),
      new Stripe.errors.StripeRateLimitError({ message: 'Too many requests', statusCode: 429 }),
      new Stripe.errors.StripeConnectionError({ message: 'socket hang up' }),
    ]) {
      const e = failure(error);
      expect(e.retryable).to.equal(true);
      expect(e.userMessage).to.match(/tried again automatically/);
    }
  });
});
