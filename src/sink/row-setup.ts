import type { Line, SalesDocument } from '../core/documents.ts';
import type { Problem } from '../core/preflight.ts';
import type { SinkContext } from './context.ts';

/**
 * Fortnox setup rows rely on, checked before anything is sent.
 *
 * A rounding row is sent on its article only when Fortnox has that article: created on the fly it
 * would book on the article defaults, so a person creates it once, on the rounding account.
 *
 * Rows that name their own sales account (a One Stop Shop country's account) are checked against
 * Fortnox before anything is sent: the account must exist, be active and — for a VAT rate that is
 * not Swedish — carry the VAT code Fortnox books that country's VAT with. Fortnox's own answer for
 * an unknown foreign rate is "Kunde inte hitta moms"; this says what to set up instead. Accounts are
 * cached per tenant for ten minutes once usable, so a steady stream of OSS sales costs no extra requests.
 */

const TTL_MS = 10 * 60_000;
const SWEDISH_RATES = new Set([0, 6, 12, 25]);
type Known = { active: boolean; vatCode?: string | null } | undefined;
const cache = new Map<string, { at: number; account: Known }>();

async function accountOf(ctx: SinkContext, number: number): Promise<Known> {
  const key = `${ctx.tenantId}:${number}`;
  const hit = cache.get(key);
  if (hit !== undefined && Date.now() - hit.at < TTL_MS) return hit.account;
  const account = await ctx.fortnox.vouchers.account(number);
  // Only a usable account is remembered: one created after a refusal is seen on the retry.
  if (account?.active && account.vatCode) cache.set(key, { at: Date.now(), account });
  return account;
}

async function roundingProblems(ctx: SinkContext, doc: SalesDocument): Promise<Problem[]> {
  const codes = new Set(doc.lines.filter((l) => l.kind === 'rounding' && l.productCode).map((l) => l.productCode!));
  const problems: Problem[] = [];
  for (const code of codes) {
    if (await ctx.fortnox.articleExists(code)) continue;
    problems.push({
      code: 'rounding_article_missing',
      message: `${doc.title} needs a rounding row (öresavrundning) on article “${code}”, which this Fortnox company does not have. Create article ${code} in Fortnox as a service article with 0 % VAT booked on account ${ctx.settings.roundingAccount} (Öres- och kronutjämning), then retry.`,
    });
  }
  return problems;
}

export async function rowSetupProblems(ctx: SinkContext, doc: SalesDocument): Promise<Problem[]> {
  return [...(await roundingProblems(ctx, doc)), ...(await accountProblems(ctx, doc))];
}

async function accountProblems(ctx: SinkContext, doc: SalesDocument): Promise<Problem[]> {
  const first = new Map<number, Line>();
  for (const line of doc.lines)
    if (line.salesAccount !== undefined && !first.has(line.salesAccount)) first.set(line.salesAccount, line);
  const problems: Problem[] = [];
  for (const [number, line] of first) {
    const account = await accountOf(ctx, number);
    const row = `The ${ctx.words.line} “${line.description}” of ${doc.title} books on sales account ${number}`;
    if (account === undefined) {
      problems.push({
        code: 'sales_account_missing',
        message: `${row}, which this Fortnox company does not have. Create account ${number} in Fortnox (for One Stop Shop: with the OSS VAT code of its country and rate), then retry.`,
      });
    } else if (!account.active) {
      problems.push({
        code: 'sales_account_inactive',
        message: `${row}, which is inactive in Fortnox. Activate account ${number} in Fortnox (Inställningar → Bokföring → Kontoplan), then retry.`,
      });
    } else if (!SWEDISH_RATES.has(line.vatRate ?? 25) && !account.vatCode) {
      problems.push({
        code: 'oss_vat_code_missing',
        message: `${row} at ${line.vatRate} % VAT (One Stop Shop), but account ${number} has no VAT code in Fortnox. Set up One Stop Shop in Fortnox (Inställningar → Bokföring → Moms: the VAT code for this country and rate) and link it to account ${number}, then retry.`,
      });
    }
  }
  return problems;
}
