import { AppError } from '../core/errors.ts';
import { bigcommerceSource } from './bigcommerce/adapter.ts';
import { commercetoolsSource } from './commercetools/adapter.ts';
import { lightspeedSource } from './lightspeed-k/adapter.ts';
import { salesforceSource } from './salesforce/adapter.ts';
import { sieSource } from './sie/adapter.ts';
import type { SourceAdapter } from './source.ts';
import { stripeSource } from './stripe/adapter.ts';
import { wooSource } from './woocommerce/adapter.ts';

/** Every source the service knows. Adding one is one line here and a folder beside this file. */
export const SOURCES: readonly SourceAdapter[] = [
  salesforceSource,
  bigcommerceSource,
  commercetoolsSource,
  wooSource,
  stripeSource,
  lightspeedSource,
  sieSource,
];

const bySystem = new Map(SOURCES.map((adapter) => [adapter.system, adapter]));

export function sourceAdapter(system: string): SourceAdapter | undefined {
  return bySystem.get(system);
}

export function requireSource(system: string): SourceAdapter {
  const adapter = bySystem.get(system);
  if (adapter === undefined) {
    throw new AppError(`Unknown source system ${system}`, {
      code: 'source_unknown',
      category: 'config',
      retryable: false,
      userMessage: `This record comes from “${system}”, which this release does not know; it cannot be synced.`,
    });
  }
  return adapter;
}
