import { randomUUID } from 'node:crypto';
import type { Payment, Transaction } from '@commercetools/platform-sdk';
import { z } from 'zod';
import { buildCustom, setCustomField, setCustomType } from './custom-fields.ts';
import {
  CustomFieldsDraft,
  Identifier,
  LocalizedString,
  MoneyDraft,
  TransactionState,
  TransactionType,
} from './drafts.ts';
import { invalidInput } from './errors.ts';
import { fromDraft } from './money.ts';
import { type ActionHandler, type Actor, baseFields, parseBody, unknownAction } from './repo.ts';
import type { ResourceKind } from './resource-kind.ts';
import type { ProjectState } from './state.ts';

/**
 * Payments [CT types/payment/{Payment,PaymentDraft,Transaction,TransactionDraft}.raml]: what the PSP
 * integration records; refunds are `Refund` transactions, captures `Charge` ones. Nothing here
 * moves the order's `paymentState`: that is set by whoever integrates the PSP (reference C, pitfall 9).
 * Messages: PaymentCreated, PaymentTransactionAdded, PaymentTransactionStateChanged,
 * PaymentStatusInterfaceCodeSet, PaymentStatusStateTransition, PaymentInteractionAdded.
 */

export const TransactionDraft = z.object({
  timestamp: z.string().optional(),
  type: TransactionType,
  amount: MoneyDraft,
  interactionId: z.string().optional(),
  state: TransactionState.optional(),
  interfaceId: z.string().optional(),
});

export const PaymentDraft = z.object({
  key: z.string().optional(),
  customer: Identifier.optional(),
  anonymousId: z.string().optional(),
  interfaceId: z.string().optional(),
  amountPlanned: MoneyDraft,
  paymentMethodInfo: z
    .object({
      paymentInterface: z.string().optional(),
      method: z.string().optional(),
      name: LocalizedString.optional(),
    })
    .optional(),
  paymentStatus: z.object({ interfaceCode: z.string().optional(), interfaceText: z.string().optional() }).optional(),
  transactions: z.array(TransactionDraft).optional(),
  custom: CustomFieldsDraft.optional(),
});
export type PaymentDraft = z.infer<typeof PaymentDraft>;

export function newTransaction(d: z.infer<typeof TransactionDraft>): Transaction {
  return {
    id: randomUUID(),
    ...(d.timestamp ? { timestamp: d.timestamp } : {}),
    type: d.type,
    amount: fromDraft(d.amount),
    ...(d.interactionId ? { interactionId: d.interactionId } : {}),
    state: d.state ?? 'Initial',
    ...(d.interfaceId ? { interfaceId: d.interfaceId } : {}),
  };
}

export function createPayment(p: ProjectState, d: PaymentDraft, actor: Actor): Payment {
  const customer = d.customer ? p.resolve(p.customers, d.customer) : undefined;
  const custom = buildCustom(p, 'payment', d.custom);
  return {
    id: randomUUID(),
    version: 1,
    ...(d.key ? { key: d.key } : {}),
    ...(customer ? { customer: { typeId: 'customer', id: customer.id } } : {}),
    ...(d.anonymousId ? { anonymousId: d.anonymousId } : {}),
    ...(d.interfaceId ? { interfaceId: d.interfaceId } : {}),
    amountPlanned: fromDraft(d.amountPlanned),
    paymentMethodInfo: d.paymentMethodInfo ?? {},
    paymentStatus: d.paymentStatus ?? {},
    transactions: (d.transactions ?? []).map(newTransaction),
    interfaceInteractions: [],
    ...(custom ? { custom } : {}),
    ...baseFields(p.now(), actor),
  };
}

const txOf = (payment: Payment, id: unknown): Transaction => {
  const tx = payment.transactions.find((t) => t.id === id);
  if (!tx) throw invalidInput(`A transaction with ID '${String(id)}' not found.`);
  return tx;
};

const withTx = (payment: Payment, id: string, change: (t: Transaction) => Transaction): Payment => ({
  ...payment,
  transactions: payment.transactions.map((t) => (t.id === id ? change(t) : t)),
});

const paymentActions =
  (p: ProjectState): ActionHandler<Payment> =>
  (payment, action, ctx) => {
    const a = action as Record<string, unknown>;
    switch (action.action) {
      case 'addTransaction': {
        const transaction = newTransaction(parseBody(TransactionDraft, a.transaction, 'transaction'));
        ctx.emit({ type: 'PaymentTransactionAdded', transaction });
        return { ...payment, transactions: [...payment.transactions, transaction] };
      }
      case 'changeTransactionState': {
        const tx = txOf(payment, a.transactionId);
        const state = parseBody(TransactionState, a.state, 'state');
        ctx.emit({ type: 'PaymentTransactionStateChanged', transactionId: tx.id, state });
        return withTx(payment, tx.id, (t) => ({ ...t, state }));
      }
      case 'changeTransactionTimestamp': {
        const tx = txOf(payment, a.transactionId);
        return withTx(payment, tx.id, (t) => ({
          ...t,
          timestamp: parseBody(z.iso.datetime(), a.timestamp, 'timestamp'),
        }));
      }
      case 'changeTransactionInteractionId': {
        const tx = txOf(payment, a.transactionId);
        return withTx(payment, tx.id, (t) => ({
          ...t,
          interactionId: parseBody(z.string(), a.interactionId, 'interactionId'),
        }));
      }
      case 'setStatusInterfaceCode': {
        const { interfaceCode: _old, ...rest } = payment.paymentStatus;
        const code = typeof a.interfaceCode === 'string' ? a.interfaceCode : undefined;
        ctx.emit({
          type: 'PaymentStatusInterfaceCodeSet',
          paymentId: payment.id,
          ...(code ? { interfaceCode: code } : {}),
        });
        return { ...payment, paymentStatus: code ? { ...rest, interfaceCode: code } : rest };
      }
      case 'setStatusInterfaceText': {
        const { interfaceText: _old, ...rest } = payment.paymentStatus;
        return {
          ...payment,
          paymentStatus: typeof a.interfaceText === 'string' ? { ...rest, interfaceText: a.interfaceText } : rest,
        };
      }
      case 'transitionState': {
        const state = p.resolve(p.states, parseBody(Identifier, a.state, 'state'));
        if (state.type !== 'PaymentState') throw invalidInput(`The state '${state.key}' is not a PaymentState.`);
        const ref = { typeId: 'state' as const, id: state.id };
        ctx.emit({ type: 'PaymentStatusStateTransition', state: ref, force: a.force === true });
        return { ...payment, paymentStatus: { ...payment.paymentStatus, state: ref } };
      }
      case 'addInterfaceInteraction': {
        const interaction = buildCustom(
          p,
          'payment-interface-interaction',
          parseBody(CustomFieldsDraft, a, 'interaction'),
        );
        if (!interaction) return payment;
        ctx.emit({ type: 'PaymentInteractionAdded', interaction });
        return { ...payment, interfaceInteractions: [...payment.interfaceInteractions, interaction] };
      }
      case 'changeAmountPlanned':
        return { ...payment, amountPlanned: fromDraft(parseBody(MoneyDraft, a.amount, 'amount')) };
      case 'setKey': {
        const { key: _old, ...rest } = payment;
        return typeof a.key === 'string' ? { ...rest, key: a.key } : rest;
      }
      case 'setMethodInfoMethod':
      case 'setMethodInfoInterface':
      case 'setMethodInfoName': {
        const field =
          action.action === 'setMethodInfoMethod'
            ? 'method'
            : action.action === 'setMethodInfoInterface'
              ? 'paymentInterface'
              : 'name';
        const value = a[field === 'paymentInterface' ? 'interface' : field];
        const { [field]: _old, ...rest } = payment.paymentMethodInfo;
        return { ...payment, paymentMethodInfo: value === undefined ? rest : { ...rest, [field]: value } };
      }
      case 'setCustomType': {
        const custom = setCustomType(p, 'payment', a as { type?: z.infer<typeof Identifier> });
        const { custom: _old, ...rest } = payment;
        return custom ? { ...rest, custom } : rest;
      }
      case 'setCustomField':
        return { ...payment, custom: setCustomField(p, payment.custom, String(a.name), a.value, undefined).custom };
      default:
        throw unknownAction('payment', action.action);
    }
  };

export const paymentKind = (p: ProjectState): ResourceKind<Payment> => ({
  path: 'payments',
  repo: (x) => x.payments,
  view: ['view_payments'],
  manage: ['manage_payments'],
  identifiers: ['key'],
  create: (ctx, body) => {
    const payment = createPayment(ctx.project, parseBody(PaymentDraft, body), ctx.actor);
    return { resource: payment, messages: [{ type: 'PaymentCreated', payment }] };
  },
  actions: paymentActions(p),
});
