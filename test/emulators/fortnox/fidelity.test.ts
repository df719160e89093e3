import { expect } from 'chai';
import { setupFor } from './fidelity-setup.ts';
import { type Answer, at, basic, startTestEmulator, type TestEmulator, tokenRequest } from './helpers.ts';
import { shapeDiff } from './shape.ts';
import { cassetteNames, fixturesPresent, type Interaction, loadCassette } from './vcr.ts';

/** Recordings judged out of scope, with the reason (shown as pending). */
const OUT_OF_SCOPE: Record<string, string> = {};

/**
 * The Dec 2024 recordings lost their request bodies to the gem's token redaction
 * ("<REFRESH_TOKEN>"); these are rebuilt from the gem's spec names and the recorded answers.
 */
const REBUILT_BODIES: Record<string, unknown> = {
  'articles/limits/quantity_in_stock_min_value': {
    Article: { Description: 'Test article', QuantityInStock: -100000000000000 },
  },
  'articles/limits/quantity_in_stock_rounding_positive_value': {
    Article: { Description: 'Test article', QuantityInStock: 1.123 },
  },
  'invoices/row_delivered_quantity_decimals': {
    Invoice: {
      CustomerNumber: '1',
      InvoiceRows: [{ ArticleNumber: '101', Description: 'Test', DeliveredQuantity: 1.123 }],
    },
  },
  'invoices/row_delivered_quantity_decimals_round_up': {
    Invoice: {
      CustomerNumber: '1',
      InvoiceRows: [{ ArticleNumber: '101', Description: 'Test', DeliveredQuantity: 1.125 }],
    },
  },
  'invoices/row_price_limit': {
    Invoice: { CustomerNumber: '1', InvoiceRows: [{ ArticleNumber: '101', Description: 'Test', Price: 1.123 }] },
  },
  'invoices/row_price_limit_round_up': {
    Invoice: { CustomerNumber: '1', InvoiceRows: [{ ArticleNumber: '101', Description: 'Test', Price: 1.125 }] },
  },
};

/** Values (not just shapes) that must equal the recording: the rounding and country rules. */
const VALUE_PATHS: Record<string, Array<Array<string | number>>> = {
  'articles/limits/quantity_in_stock_min_value': [['Article', 'QuantityInStock']],
  'articles/limits/quantity_in_stock_rounding_positive_value': [
    ['Article', 'QuantityInStock'],
    ['Article', 'DisposableQuantity'],
  ],
  'invoices/row_delivered_quantity_decimals': [['Invoice', 'InvoiceRows', 0, 'DeliveredQuantity']],
  'invoices/row_delivered_quantity_decimals_round_up': [['Invoice', 'InvoiceRows', 0, 'DeliveredQuantity']],
  'invoices/row_price_limit': [['Invoice', 'InvoiceRows', 0, 'Price']],
  'invoices/row_price_limit_round_up': [['Invoice', 'InvoiceRows', 0, 'Price']],
  'invoices/row_description_limit': [['Invoice', 'InvoiceRows', 0, 'Description']],
  'invoices/save_old_with_empty_country': [['Invoice', 'Country']],
  'invoices/save_new_with_country_VA': [['Invoice', 'Country']],
  'invoices/save_new_with_country_VI': [['Invoice', 'Country']],
  'invoices/save_new_with_unsaved_parent': [['Invoice', 'DueDate']],
  'customers/save_new_with_sales_account': [['Customer', 'SalesAccount']],
  'customers/find_with_sales_account': [['Customer', 'SalesAccount']],
};

const mediaType = (ct: string): string => (ct.split(';')[0] ?? '').trim().toLowerCase();

async function replayAuth(t: TestEmulator, name: string, i: Interaction): Promise<Answer> {
  if (name === 'authentication/expired_token') {
    t.emu.advanceClock(3601 * 1000); // the token minted at start is now past its hour
    return t.api(i.method, i.path);
  }
  const refresh = t.emu.mintToken().refresh_token ?? '';
  const form = {
    grant_type: 'refresh_token',
    refresh_token: name.endsWith('invalid_refresh_token') ? 'not-a-token' : refresh,
  };
  const auth = name.endsWith('invalid_authorization') ? basic('demo-client', 'wrong-secret') : undefined;
  return tokenRequest(t.emu.url, form, auth);
}

async function replay(t: TestEmulator, name: string, i: Interaction): Promise<Answer> {
  if (name.startsWith('authentication/')) return replayAuth(t, name, i);
  const body = REBUILT_BODIES[name] ?? (i.requestBody ? JSON.parse(i.requestBody) : undefined);
  return t.api(i.method, i.path, body);
}

describe('Fortnox emulator fidelity: recorded traffic replayed', () => {
  if (!fixturesPresent()) {
    it('skips: ../shared/fixtures/fortnox-recorded is absent');
    return;
  }
  for (const name of cassetteNames()) {
    if (OUT_OF_SCOPE[name]) {
      it(`${name} — out of scope: ${OUT_OF_SCOPE[name]}`);
      continue;
    }
    it(name, async () => {
      const t = await startTestEmulator({ rateLimit: { enabled: false } });
      try {
        const interactions = loadCassette(name);
        const first = interactions[0];
        if (!first) throw new Error('empty cassette');
        await setupFor(t, name.split('/')[0] ?? '', first);
        for (const i of interactions) {
          const got = await replay(t, name, i);
          expect(got.status, `${i.method} ${i.path}: ${got.text.slice(0, 300)}`).to.equal(i.status);
          expect(mediaType(got.contentType)).to.equal(mediaType(i.contentType));
          const recorded: unknown = JSON.parse(i.responseText);
          expect(shapeDiff(recorded, got.json, i.recordedYear < 2024)).to.deep.equal([]);
          const meta = at(recorded, 'MetaInformation', '@TotalResources');
          if (meta !== undefined)
            expect(at(got.json, 'MetaInformation', '@TotalResources'), 'result count').to.equal(meta);
          for (const p of VALUE_PATHS[name] ?? [])
            expect(at(got.json, ...p), p.join('.')).to.deep.equal(at(recorded, ...p));
        }
      } finally {
        await t.close();
      }
    });
  }
});
