import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import { readBody } from '../kit/index.ts';
import { send } from './answers.ts';
import { create } from './crud.ts';
import { FortnoxError } from './errors.ts';
import { financeHtml } from './finance-html.ts';
import type { ApiResult } from './resource.ts';
import { bookkeep, cancel, credit } from './resources/invoice-actions.ts';
import { bookkeepPayment, invoicePayments } from './resources/invoice-payments.ts';
import type { EmulatorState } from './state.ts';
import type { Tenant } from './tenant.ts';
import { num, type Rec } from './values.ts';

const Body = z.object({ amount: z.number().positive().optional(), date: z.string().optional() });
const Action = z.enum(['bookkeep', 'cancel', 'credit', 'payment']);

/** GET / renders the page; POST /__finance/{tenant}/invoices/{n}/{action} runs the action. */
export function financeRouter(state: EmulatorState): express.Router {
  const r = express.Router();
  r.get('/', (_req: Request, res: Response) => send(res, 200, financeHtml(state), 'text/html; charset=utf-8'));
  r.post('/__finance/:tenant/invoices/:n/:action', async (req: Request, res: Response) => {
    const raw = await readBody(req);
    const action = Action.safeParse(req.params.action);
    const body = Body.safeParse(raw.trim() === '' ? {} : JSON.parse(raw));
    const t = state.tenants.get(Number(req.params.tenant));
    if (!action.success || !body.success || !t)
      return send(res, 400, JSON.stringify({ ok: false, message: 'bad request' }), 'application/json');
    const out = runFinanceAction(t, action.data, String(req.params.n), body.data);
    send(res, out.ok ? 200 : out.status, JSON.stringify(out), 'application/json');
  });
  return r;
}

/**
 * What the finance team does in "Fortnox": the finance page and the in-process handle call these,
 * which run the very same rules as the REST API (so a refused action is refused everywhere).
 */
export type FinanceAction = 'bookkeep' | 'cancel' | 'credit' | 'payment';

export interface FinanceOutcome {
  ok: boolean;
  status: number;
  message?: string;
  code?: number;
  result?: Rec;
}

function outcome(run: () => ApiResult): FinanceOutcome {
  try {
    const r = run();
    return { ok: true, status: r.status, ...(r.body ? { result: r.body } : {}) };
  } catch (e) {
    if (e instanceof FortnoxError) return { ok: false, status: e.status, message: e.message, code: e.code };
    throw e;
  }
}

/** Registers (and books) a payment; amount defaults to the open Balance. */
export function registerPayment(t: Tenant, invoiceNumber: string, amount?: number, date?: string): ApiResult {
  const inv = t.invoices.get(invoiceNumber);
  const sum = amount ?? num(inv?.Balance);
  const field = inv?.Currency && inv.Currency !== 'SEK' ? 'AmountCurrency' : 'Amount';
  const made = create(invoicePayments, t, {
    InvoicePayment: {
      InvoiceNumber: Number(invoiceNumber),
      [field]: sum,
      ...(date ? { PaymentDate: date } : {}),
    },
  });
  const pay = made.body?.InvoicePayment;
  const number = pay && typeof pay === 'object' && !Array.isArray(pay) ? String(pay.Number) : '';
  return bookkeepPayment(t, number);
}

export function runFinanceAction(
  t: Tenant,
  action: FinanceAction,
  invoiceNumber: string,
  p: { amount?: number; date?: string } = {},
): FinanceOutcome {
  switch (action) {
    case 'bookkeep':
      return outcome(() => bookkeep(t, invoiceNumber));
    case 'cancel':
      return outcome(() => cancel(t, invoiceNumber));
    case 'credit':
      return outcome(() => credit(t, invoiceNumber));
    case 'payment':
      return outcome(() => registerPayment(t, invoiceNumber, p.amount, p.date));
  }
}
