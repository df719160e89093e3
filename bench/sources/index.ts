import { bigcommerceDriver } from './bigcommerce.ts';
import { commercetoolsDriver } from './commercetools.ts';
import type { SourceDriver } from './driver.ts';
import { posDriver } from './pos.ts';
import { stripeDriver } from './stripe.ts';
import { wooDriver } from './woocommerce.ts';

export { runSourceBench } from './source-bench.ts';

/** `--source <name>` → its driver; one line per source system. */
const DRIVERS: Record<string, () => SourceDriver> = {
  bigcommerce: bigcommerceDriver,
  commercetools: commercetoolsDriver,
  woocommerce: wooDriver,
  stripe: stripeDriver,
  pos: posDriver,
};

export function sourceDriver(name: string): SourceDriver {
  const make = DRIVERS[name];
  if (make === undefined) {
    process.stderr.write(`--source wants one of ${Object.keys(DRIVERS).join(', ')}\n`);
    process.exit(2);
  }
  return make();
}
