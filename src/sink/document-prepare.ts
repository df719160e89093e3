import type { SalesDocument } from '../core/documents.ts';
import { preflight } from '../core/preflight.ts';
import { problemsError } from './attention.ts';
import type { SinkContext } from './context.ts';
import { ensureCustomer, parkCustomer } from './customer-sync.ts';
import type { FortnoxDocumentFields } from './fortnox-port.ts';
import { documentFields, payloadHash } from './payloads.ts';
import { previewCustomerNumber } from './preview.ts';
import { enabledCurrencies, resolveArticles } from './reference-data.ts';
import { rowSetupProblems } from './row-setup.ts';
import { withSourceLock } from './source-lease.ts';

/**
 * What both creating and amending a document need first: the pre-flight checks (a person's
 * problem is said before anything is sent), the customer made to exist, the Fortnox fields with
 * their articles resolved — and the hash that tells an amendment whether anything changed.
 */

export function hashFor(ctx: SinkContext, fields: FortnoxDocumentFields): string {
  // With "invoice date = today" the date changes daily without the deal changing.
  const { DocumentDate, ...rest } = fields;
  return payloadHash(ctx.settings.invoiceDate === 'today' ? rest : { DocumentDate, ...rest });
}

export async function prepare(
  ctx: SinkContext,
  doc: SalesDocument,
  options: { preview?: boolean } = {},
): Promise<FortnoxDocumentFields> {
  const checked = preflight(doc, ctx.settings, await enabledCurrencies(ctx), ctx.words);
  if (checked.problems.length === 0) checked.problems.push(...(await rowSetupProblems(ctx, checked.document)));
  if (checked.problems.length > 0) {
    // The customer's own record is parked too, so that fixing the Account retries this document.
    await parkCustomer(
      ctx,
      doc.customer,
      checked.problems.filter((p) => p.code.startsWith('customer_')),
    );
    throw problemsError(checked.problems);
  }
  // The customer is shared by the Account's deals and its own sync: one at a time creates or updates it
  // in a company; its deals in other companies go on beside (there it is another customer record).
  const customer = checked.document.customer;
  // In preview a customer not yet in Fortnox is not created either: the payload names it instead.
  const customerNumber = options.preview
    ? await previewCustomerNumber(ctx, customer)
    : await withSourceLock(ctx.pool, customer.source, () => ensureCustomer(ctx, customer), { tenantId: ctx.tenantId });
  const fields = documentFields(checked.document, customerNumber, ctx.settings, ctx.today(), ctx.reference(doc.source));
  return { ...fields, Rows: await resolveArticles(ctx, fields.Rows) };
}
