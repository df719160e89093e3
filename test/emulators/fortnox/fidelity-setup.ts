import { expect } from 'chai';
import type { TestEmulator } from './helpers.ts';
import type { Interaction } from './vcr.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const given = (v: unknown): boolean => v !== null && v !== undefined && v !== '';

interface Kind {
  single: string;
  plural: string;
  key: string;
  seedKeys: string[];
}

/** What each recorded resource needs to recreate one of its records through the API. */
export const KINDS: Record<string, Kind> = {
  customers: {
    single: 'Customer',
    plural: 'Customers',
    key: 'CustomerNumber',
    seedKeys: ['CustomerNumber', 'Name', 'City', 'ZipCode', 'Address1', 'Email', 'SalesAccount', 'EmailInvoiceCC'],
  },
  articles: {
    single: 'Article',
    plural: 'Articles',
    key: 'ArticleNumber',
    seedKeys: ['ArticleNumber', 'Description', 'EAN', 'SalesAccount', 'StockPlace', 'Unit'],
  },
  invoices: {
    single: 'Invoice',
    plural: 'Invoices',
    key: 'DocumentNumber',
    seedKeys: [
      'DocumentNumber',
      'CustomerNumber',
      'Comments',
      'Country',
      'InvoiceDate',
      'DueDate',
      'OCR',
      'YourReference',
      'OurReference',
      'ExternalInvoiceReference1',
    ],
  },
  orders: {
    single: 'Order',
    plural: 'Orders',
    key: 'DocumentNumber',
    seedKeys: [
      'DocumentNumber',
      'CustomerNumber',
      'Comments',
      'OrderDate',
      'DeliveryDate',
      'YourReference',
      'OurReference',
    ],
  },
  projects: {
    single: 'Project',
    plural: 'Projects',
    key: 'ProjectNumber',
    seedKeys: [
      'ProjectNumber',
      'Description',
      'Comments',
      'Status',
      'StartDate',
      'EndDate',
      'ProjectLeader',
      'ContactPerson',
    ],
  },
  termsofpayments: {
    single: 'TermsOfPayment',
    plural: 'TermsOfPayments',
    key: 'Code',
    seedKeys: ['Code', 'Description'],
  },
  units: { single: 'Unit', plural: 'Units', key: 'Code', seedKeys: ['Code', 'Description', 'CodeEnglish'] },
};

/** Search parameter → field it sets when a recorded hit needs it. */
const SEARCH_FIELD: Record<string, string> = {
  name: 'Name',
  city: 'City',
  zipcode: 'ZipCode',
  description: 'Description',
  articlenumber: 'ArticleNumber',
  customername: 'CustomerName',
  yourreference: 'YourReference',
  ourreference: 'OurReference',
};

const FILLER: Record<string, (n: number) => Obj> = {
  projects: () => ({ Description: 'Filler project' }),
  customers: () => ({ Name: 'Filler customer' }),
  articles: () => ({ Description: 'Filler article' }),
  invoices: () => ({ CustomerNumber: '1' }),
  orders: () => ({ CustomerNumber: '1' }),
  units: (n) => ({ Code: `fill${n}`, Description: 'Filler' }),
  termsofpayments: (n) => ({ Code: `FILL${n}`, Description: 'Filler' }),
};

async function ok(t: TestEmulator, method: string, path: string, body?: unknown): Promise<Obj> {
  const a = await t.api(method, path, body);
  expect(a.status, `setup ${method} ${path}: ${a.text}`).to.be.oneOf([200, 201]);
  return isObj(a.json) ? a.json : {};
}

async function exists(t: TestEmulator, resource: string, key: string): Promise<boolean> {
  return (await t.api('GET', `/3/${resource}/${encodeURIComponent(key)}`)).status === 200;
}

export async function ensureCustomer(t: TestEmulator, number: string, fields: Obj = {}): Promise<void> {
  if (await exists(t, 'customers', number)) return;
  await ok(t, 'POST', '/3/customers', { Customer: { CustomerNumber: number, Name: 'Updated name', ...fields } });
}

/** The records every document recording assumes: customer 1 (New York) and article 101 "Hammer". */
export async function baseSeed(t: TestEmulator): Promise<void> {
  await ensureCustomer(t, '1', { City: 'New York', ZipCode: '10001' });
  if (!(await exists(t, 'articles', '101')))
    await ok(t, 'POST', '/3/articles', { Article: { ArticleNumber: '101', Description: 'Hammer' } });
}

/** Recreates one recorded record (list item or full object) and its booked/cancelled state. */
export async function seedRecord(t: TestEmulator, resource: string, rec: Obj, extra: Obj = {}): Promise<void> {
  const kind = KINDS[resource];
  if (!kind || (given(rec[kind.key]) && (await exists(t, resource, String(rec[kind.key]))))) return;
  const body: Obj = {};
  // "" is sent too: on create it is stored as "" (vs null when absent), as the recordings show.
  for (const k of kind.seedKeys) if (rec[k] !== null && rec[k] !== undefined) body[k] = rec[k];
  Object.assign(body, extra);
  if (resource === 'invoices' || resource === 'orders') {
    await ensureCustomer(t, String(rec.CustomerNumber), {
      Name: rec.CustomerName ?? 'Updated name',
      ...(given(rec.City) ? { City: rec.City } : {}),
      ...(given(rec.ZipCode) ? { ZipCode: rec.ZipCode } : {}),
    });
    const rowsKey = resource === 'invoices' ? 'InvoiceRows' : 'OrderRows';
    const rows = Array.isArray(rec[rowsKey]) ? rec[rowsKey].filter(isObj) : [];
    if (rows.length > 0) {
      await baseSeed(t);
      body[rowsKey] = rows.map((r) => ({ ArticleNumber: r.ArticleNumber, Price: r.Price, Description: r.Description }));
    }
  }
  await ok(t, 'POST', `/3/${resource}`, { [kind.single]: body });
  const id = String(rec[kind.key] ?? '');
  if (rec.Booked === true) await ok(t, 'PUT', `/3/${resource}/${id}/bookkeep`);
  if (rec.Cancelled === true) await ok(t, 'PUT', `/3/${resource}/${id}/cancel`);
}

/**
 * Builds the state a recording assumes, from the recording itself: list answers are recreated
 * item by item (search hits get the searched value, plus one decoy that must not match), a
 * single GET/PUT recreates the object it shows, creates need the base customer and article.
 */
export async function setupFor(t: TestEmulator, resource: string, first: Interaction): Promise<void> {
  const kind = KINDS[resource];
  const url = new URL(first.path, 'http://x');
  const recorded: unknown = first.responseText ? JSON.parse(first.responseText) : undefined;
  if (resource === 'invoices' || resource === 'orders') await baseSeed(t);
  if (!kind || !isObj(recorded)) return;
  const items = Array.isArray(recorded[kind.plural]) ? (recorded[kind.plural] as unknown[]) : undefined;
  const searched = [...url.searchParams].filter(([k]) => SEARCH_FIELD[k]);
  if (items) {
    for (const item of items.filter(isObj)) {
      const extra = Object.fromEntries(
        searched.filter(([k]) => !given(item[SEARCH_FIELD[k] ?? ''])).map(([k, v]) => [SEARCH_FIELD[k] ?? k, v]),
      );
      await seedRecord(t, resource, item, extra);
    }
    if (searched.length > 0) {
      // One record that must NOT match proves the search filters (customer 1 never matches a name search).
      const decoy = Object.fromEntries(
        searched.filter(([k]) => k !== 'customername').map(([k]) => [SEARCH_FIELD[k] ?? k, 'zz-decoy']),
      );
      const base: Obj =
        resource === 'articles'
          ? { Description: 'zz-decoy' }
          : resource === 'customers'
            ? { Name: 'zz-decoy' }
            : { CustomerNumber: '1' };
      await ok(t, 'POST', `/3/${resource}`, { [kind.single]: { ...base, ...decoy } });
    }
    const total = recorded.MetaInformation;
    const count = isObj(total) && typeof total['@TotalResources'] === 'number' ? total['@TotalResources'] : 0;
    const offset = Number(url.searchParams.get('offset') ?? 0);
    // A page (limit=1) shows fewer records than exist: add unnamed ones up to the recorded total.
    for (let n = items.length; offset === 0 && searched.length === 0 && n < count; n++) {
      await ok(t, 'POST', `/3/${resource}`, { [kind.single]: FILLER[resource]?.(n) ?? {} });
    }
    return;
  }
  const single = recorded[kind.single];
  if (first.method !== 'POST' && isObj(single)) await seedRecord(t, resource, single);
}
