import { NOT_FOUND } from '../errors.ts';
import { B, D, E, I, N, RO, S, type Spec } from '../fields.ts';
import type { ResourceDef, SearchMatch } from '../resource.ts';
import type { Table, Tenant } from '../tenant.ts';
import type { Rec } from '../values.ts';

/** A code-keyed register (units, terms of payment, cost centers, currencies). */
function register(p: {
  path: string;
  single: string;
  plural: string;
  scope: string;
  spec: Spec;
  blank: () => Rec;
  table: (t: Tenant) => Table;
  notFound: { code: number; message: string };
  required: string[];
  listKeys: readonly string[];
  key?: string;
  autoNumber?: boolean;
  search?: Record<string, SearchMatch>;
  noLastModified?: boolean;
}): ResourceDef {
  const key = p.key ?? 'Code';
  return {
    path: p.path,
    single: p.single,
    plural: p.plural,
    scope: p.scope,
    table: p.table,
    key,
    spec: p.spec,
    notFound: p.notFound,
    blank: p.blank,
    autoNumber: p.autoNumber ?? false,
    required: p.required,
    keyImmutable: true,
    listKeys: p.listKeys,
    search: p.search ?? {},
    sortable: { [key.toLowerCase()]: key },
    defaultSort: key,
    deletable: true,
    ...(p.noLastModified ? { noLastModified: true } : {}),
  };
}

export const units = register({
  path: 'units',
  single: 'Unit',
  plural: 'Units',
  scope: 'settings',
  table: (t) => t.units,
  spec: { Code: S(6), CodeEnglish: S(100), Description: S(100) },
  blank: () => ({ Code: null, CodeEnglish: '', Description: null }),
  notFound: NOT_FOUND.units,
  required: ['Code', 'Description'],
  listKeys: ['Code', 'CodeEnglish', 'Description'],
});

export const termsofpayments = register({
  path: 'termsofpayments',
  single: 'TermsOfPayment',
  plural: 'TermsOfPayments',
  scope: 'settings',
  table: (t) => t.termsofpayments,
  spec: { Code: S(20), Description: S(50) },
  blank: () => ({ Code: null, Description: null }),
  notFound: NOT_FOUND.termsofpayments,
  required: ['Code', 'Description'],
  listKeys: ['Code', 'Description'],
});

/** Modes of payment (`/3/modesofpayments`: Code, Description, AccountNumber, reference §4.7). */
export const modesofpayments = register({
  path: 'modesofpayments',
  single: 'ModeOfPayment',
  plural: 'ModesOfPayments',
  scope: 'settings',
  table: (t) => t.modesofpayments,
  spec: { Code: S(10), Description: S(50), AccountNumber: I },
  blank: () => ({ Code: null, Description: null, AccountNumber: null }),
  notFound: NOT_FOUND.modesofpayments,
  required: ['Code', 'Description'],
  listKeys: ['Code', 'Description', 'AccountNumber'],
});

export const costcenters = register({
  path: 'costcenters',
  single: 'CostCenter',
  plural: 'CostCenters',
  scope: 'costcenter',
  table: (t) => t.costcenters,
  spec: { Code: S(6), Description: S(40), Note: S(1024), Active: B },
  blank: () => ({ Code: null, Description: null, Note: null, Active: true }),
  notFound: NOT_FOUND.costcenters,
  required: ['Code', 'Description'],
  listKeys: ['Code', 'Description', 'Note', 'Active'],
});

export const currencies = register({
  path: 'currencies',
  single: 'Currency',
  plural: 'Currencies',
  scope: 'currency',
  table: (t) => t.currencies,
  spec: { BuyRate: N(4), Code: S(3), Date: RO, Description: S(50), IsAutomatic: RO, SellRate: N(4), Unit: N() },
  blank: () => ({ BuyRate: 1, Code: null, Date: null, Description: null, IsAutomatic: false, SellRate: 1, Unit: 1 }),
  notFound: NOT_FOUND.currencies,
  required: ['Code'],
  listKeys: ['BuyRate', 'Code', 'Date', 'Description', 'SellRate', 'Unit'],
  noLastModified: true, // `lastmodified` → 2000588 on currencies [softwerkab issue #260]
});

export const projects = register({
  path: 'projects',
  single: 'Project',
  plural: 'Projects',
  scope: 'project',
  table: (t) => t.projects,
  key: 'ProjectNumber',
  autoNumber: true,
  spec: {
    Comments: S(512),
    ContactPerson: S(50),
    Description: S(50),
    EndDate: D,
    ProjectLeader: S(50),
    ProjectNumber: S(20),
    Status: E('NOTSTARTED', 'ONGOING', 'COMPLETED'),
    StartDate: D,
  },
  blank: () => ({
    Comments: null,
    ContactPerson: null,
    Description: null,
    EndDate: null,
    ProjectLeader: null,
    ProjectNumber: null,
    Status: 'ONGOING',
    StartDate: null,
  }),
  notFound: NOT_FOUND.projects,
  required: ['Description'],
  listKeys: ['Description', 'EndDate', 'ProjectLeader', 'ProjectNumber', 'Status', 'StartDate'],
});

const SETTINGS = E('ALLOWED', 'MANDATORY', 'NOTALLOWED');

export const accounts = register({
  path: 'accounts',
  single: 'Account',
  plural: 'Accounts',
  scope: 'bookkeeping',
  table: (t) => t.accounts,
  key: 'Number',
  spec: {
    Active: B,
    BalanceBroughtForward: N(2),
    BalanceCarriedForward: RO,
    CostCenter: S(),
    CostCenterSettings: SETTINGS,
    Description: S(200),
    Number: I,
    Project: S(),
    ProjectSettings: SETTINGS,
    QuantitySettings: SETTINGS,
    QuantityUnit: S(),
    SRU: I,
    TransactionInformation: S(100),
    TransactionInformationSettings: SETTINGS,
    VATCode: S(),
    Year: RO,
  },
  blank: () => accountRecord(0, '', null),
  notFound: NOT_FOUND.accounts,
  required: ['Number', 'Description'],
  listKeys: [
    'Active',
    'BalanceBroughtForward',
    'CostCenter',
    'CostCenterSettings',
    'Description',
    'Number',
    'Project',
    'ProjectSettings',
    'SRU',
    'Year',
    'VATCode',
  ],
  search: { sru: { field: 'SRU', how: 'exact' } },
});
accounts.passiveParams = ['financialyear'];

export function accountRecord(number: number, description: string, vatCode: string | null): Rec {
  return {
    Active: true,
    BalanceBroughtForward: 0,
    BalanceCarriedForward: 0,
    CostCenter: null,
    CostCenterSettings: 'ALLOWED',
    Description: description,
    Number: number,
    Project: null,
    ProjectSettings: 'ALLOWED',
    QuantitySettings: 'ALLOWED',
    QuantityUnit: null,
    SRU: 0,
    TransactionInformation: null,
    TransactionInformationSettings: 'ALLOWED',
    VATCode: vatCode,
    Year: 1,
  };
}
