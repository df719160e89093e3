import { z } from 'zod';

/**
 * The settings every shop connection shares (WooCommerce, Stripe, the next shop): how buyers become
 * Fortnox customers, which articles carry shipping, fees, discounts and rounding, the rounding
 * tolerance of the totals check, One Stop Shop and how payment methods are named. Each shop's own
 * settings schema spreads `shopSettingsShape` beside its triggers, so the dashboard shows one form.
 */

const articleNumber = z.string().regex(/^[A-Za-z0-9+\-/._]{1,50}$/, 'letters, digits and - + / . _ only');

export const shopSettingsShape = {
  customers: z.enum(['per_buyer', 'shared_b2c']).default('per_buyer').meta({
    title: 'Customers',
    description:
      'per_buyer: every buyer becomes (or is matched to) their own Fortnox customer. shared_b2c: private buyers share one Fortnox customer; companies still get their own.',
  }),
  sharedCustomerNumber: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,20}$/)
    .nullable()
    .default(null)
    .meta({
      title: 'Fortnox customer number shared by private buyers (with shared_b2c)',
    }),
  sharedCustomerName: z.string().min(1).max(200).default('Webshop private customers').meta({
    title: 'Name of the shared private customer',
  }),
  products: z
    .enum(['off', 'match', 'create'])
    .default('off')
    .meta({
      title: 'Products become Fortnox articles',
      description:
        'off: nothing is sent for products (invoice rows still find or create their article by SKU, per the global setting). match: a product is linked to the article finance made with its SKU as article number; a missing one needs attention. create: the article is created or updated with the product’s name, VAT and price (price list A, excluding VAT).',
      optionLabels: { off: 'Off', match: 'Only match existing articles', create: 'Create and update articles' },
    }),
  shippingArticle: articleNumber.default('FRAKT').meta({ title: 'Article for shipping rows' }),
  feeArticle: articleNumber.default('AVGIFT').meta({ title: 'Article for fee rows' }),
  discountArticle: articleNumber.default('RABATT').meta({ title: 'Article for coupon and discount rows' }),
  roundingArticle: articleNumber.default('AVRUNDNING').meta({
    title: 'Article for rounding rows (book it on 3740 Öres- och kronutjämning)',
  }),
  roundingTolerance: z.number().min(0).max(100).default(0.05).meta({
    title: 'Largest rounding difference balanced by a rounding row',
    description:
      'Within it a rounding row makes the Fortnox total equal to the shop total; beyond it the order needs attention.',
  }),
  ossCountries: z
    .array(z.string().regex(/^[A-Z]{2}$/))
    .default([])
    .meta({
      title: 'One Stop Shop countries set up in Fortnox (comma separated, e.g. DE,FI)',
      description:
        'EU private buyers taxed at their own country’s VAT are invoiced only for countries with an OSS sales account below.',
    }),
  ossAccounts: z
    .record(
      z.string().regex(/^[A-Z]{2}(:\d{1,2}(\.\d{1,2})?)?$/, 'a country (DE) or a country and rate (DE:19)'),
      z.number().int().min(3000).max(3999),
    )
    .default({})
    .meta({
      title: 'One Stop Shop sales accounts (country or country:rate → account, e.g. DE:19=3110)',
      description:
        'The Fortnox sales account an EU private buyer’s row at their country’s VAT books on. Create it in Fortnox with the OSS VAT code of that country and rate (Inställningar → Bokföring → Moms) first.',
    }),
  paymentMethods: z.record(z.string(), z.string().min(1)).default({}).meta({
    title: 'Payment methods (shop method → card, klarna, swish, bank …)',
    description:
      'Overrides the built-in names (stripe → card, klarna_payments → klarna, bacs → bank …). The name picks the Fortnox mode of payment: the global “Modes of payment” setting, else the company’s own mode with the usual code (card → KORT, swish → SWISH, bank → BG, cash → K, any other → the name in capitals, e.g. KLARNA) on that mode’s account.',
  }),
  termsOfPayment: z
    .record(z.string(), z.string().regex(/^[A-Za-z0-9]{1,10}$/))
    .default({})
    .meta({
      title: 'Terms of payment per payment method (e.g. card → 0, bank → 30)',
    }),
};

export const shopSettingsSchema = z.object(shopSettingsShape);
export type ShopSettings = z.infer<typeof shopSettingsSchema>;

/** Gateway and payment-method names as shops report them → the canonical names Payment.method uses. */
const BUILT_IN_METHODS: Readonly<Record<string, string>> = {
  stripe: 'card',
  card: 'card',
  woocommerce_payments: 'card',
  klarna_payments: 'klarna',
  // [unverified] gateway ids of the Klarna Checkout and Stripe-for-WooCommerce plugins.
  kco: 'klarna',
  stripe_cc: 'card',
  stripe_klarna: 'klarna',
  klarna: 'klarna',
  swish: 'swish',
  bacs: 'bank',
  cheque: 'bank',
  cod: 'cash',
  sepa_debit: 'bank',
  customer_balance: 'bank',
};

export function paymentMethodName(settings: Pick<ShopSettings, 'paymentMethods'>, method: string): string {
  return settings.paymentMethods[method] ?? BUILT_IN_METHODS[method] ?? method;
}
