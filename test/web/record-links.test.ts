import { expect } from 'chai';
import { connectionDirectory } from '../../src/db/source-connections.repo.ts';
import { sourceAdapter } from '../../src/sources/registry.ts';
import type { SourceConnection } from '../../src/sources/source.ts';
import { type ConsoleApp, startConsoleApp } from '../helpers/console-app.ts';

/**
 * Every record links to where a person opens it in its source — through the adapter's `recordUrl`,
 * so the console never names a source — and a customer shows what finance knows it by.
 */

const connection = (system: string, extra: Partial<SourceConnection> = {}): SourceConnection => ({
  system,
  key: 'default',
  label: null,
  state: 'active',
  settings: {},
  credentials: undefined,
  lastError: null,
  ...extra,
});

const urlOf = (
  system: string,
  object: string,
  id: string,
  extra: Partial<SourceConnection> = {},
  config: Record<string, unknown> = {},
) =>
  sourceAdapter(system)!.recordUrl?.(connection(system, extra), { system, connection: 'default', object, id }, config);

describe('console: links to each side of a record', function () {
  this.timeout(30_000);

  it('opens Salesforce records on the org’s instance (learnt at sign-in), or its My Domain before that', () => {
    const instance = { webUrl: 'https://acme.my.salesforce.com' };
    expect(urlOf('salesforce', 'Opportunity', '006000000000042AAA', instance)).to.equal(
      'https://acme.my.salesforce.com/lightning/r/Opportunity/006000000000042AAA/view',
    );
    expect(urlOf('salesforce', 'Order', '801000000000001AAA', instance)).to.contain('/lightning/r/Order/');
    expect(urlOf('salesforce', 'Account', '001000000000042AAA', instance)).to.contain('/lightning/r/Account/');
    const myDomain = { SALESFORCE_LOGIN_URL: 'https://acme.my.salesforce.com/' };
    expect(urlOf('salesforce', 'Account', '001000000000042AAA', {}, myDomain)).to.equal(
      'https://acme.my.salesforce.com/lightning/r/Account/001000000000042AAA/view',
    );
    // The generic login host is not where the org's records are: no link rather than a wrong one.
    expect(urlOf('salesforce', 'Account', '001', {}, { SALESFORCE_LOGIN_URL: 'https://login.salesforce.com' })).to.be
      .undefined;
  });

  it("opens shop records in the store's admin: orders, what belongs to them, and customers", () => {
    const bc = { credentials: { storeHash: 'abc123' } };
    expect(urlOf('bigcommerce', 'order', '118', bc)).to.equal(
      'https://store-abc123.mybigcommerce.com/manage/orders/118',
    );
    expect(urlOf('bigcommerce', 'transaction', '118-9', bc)).to.equal(
      'https://store-abc123.mybigcommerce.com/manage/orders/118',
    );
    expect(urlOf('bigcommerce', 'customer', '42', bc)).to.equal(
      'https://store-abc123.mybigcommerce.com/manage/customers/42/edit',
    );
    expect(urlOf('bigcommerce', 'guest', 'g0123456789abcdef01234567', bc)).to.be.undefined;

    const woo = {
      credentials: {
        url: 'https://shop.example/',
        consumerKey: 'ck',
        consumerSecret: 'cs',
        webhookSecret: 'whsecret1',
      },
    };
    expect(urlOf('woocommerce', 'refund', '1042-7', woo)).to.equal(
      'https://shop.example/wp-admin/post.php?post=1042&action=edit',
    );
    expect(urlOf('woocommerce', 'customer', '17', woo)).to.equal(
      'https://shop.example/wp-admin/user-edit.php?user_id=17',
    );
    expect(urlOf('woocommerce', 'customer', 'g1042', woo)).to.contain('post.php?post=1042');
    expect(urlOf('woocommerce', 'customer', 'b2c', woo)).to.be.undefined;
    // The environment's shop (connection `default`, nothing stored).
    expect(urlOf('woocommerce', 'order', '5', {}, { WOOCOMMERCE_URL: 'https://env-shop.example' })).to.equal(
      'https://env-shop.example/wp-admin/post.php?post=5&action=edit',
    );

    expect(urlOf('stripe', 'customer', 'cus_Abc123')).to.equal('https://dashboard.stripe.com/customers/cus_Abc123');
    expect(urlOf('stripe', 'payment', 'in_1Abc')).to.equal('https://dashboard.stripe.com/invoices/in_1Abc');
  });

  it("opens commercetools records in the Merchant Center of the project's region", () => {
    const ct = {
      key: 'acme-shop',
      credentials: {
        projectKey: 'acme-shop',
        clientId: 'c',
        clientSecret: 's',
        apiUrl: 'https://api.europe-west1.gcp.commercetools.com',
        authUrl: 'https://auth.europe-west1.gcp.commercetools.com',
        scopes: [],
      },
    };
    const order = sourceAdapter('commercetools')!.recordUrl!(
      connection('commercetools', ct),
      { system: 'commercetools', connection: 'acme-shop', object: 'order', id: '8c3e0f4a-0b1d-4c36-9b43-3b0a4c5d6e7f' },
      {},
    );
    expect(order).to.equal(
      'https://mc.europe-west1.gcp.commercetools.com/acme-shop/orders/8c3e0f4a-0b1d-4c36-9b43-3b0a4c5d6e7f',
    );
    const local = { ...ct, credentials: { ...ct.credentials, apiUrl: 'http://127.0.0.1:8094' } };
    expect(
      sourceAdapter('commercetools')!.recordUrl!(
        connection('commercetools', local),
        { system: 'commercetools', connection: 'acme-shop', object: 'order', id: 'x' },
        {},
      ),
    ).to.be.undefined;
  });

  describe('in the console', () => {
    let app: ConsoleApp;
    const idOf = async (sourceId: string) =>
      (await app.db.pool.query<{ id: string }>('SELECT id FROM sync_records WHERE source_id = $1', [sourceId])).rows[0]!
        .id;

    before(async () => {
      app = await startConsoleApp();
      await app.db.pool.query(`INSERT INTO sync_records (source_system, source_object, source_id, tenant_id, document_kind,
          state, source_label, source_number, fortnox_number, customer_source_id) VALUES
        ('salesforce', 'Opportunity', '006000000000051AAA', '1001', 'invoice', 'draft', 'Acme renewal', NULL, '301', '001000000000051AAA'),
        ('salesforce', 'Account', '001000000000051AAA', '1001', 'customer', 'synced', 'Acme AB', '556677-8899', '12', NULL)`);
    });
    after(async () => app?.stop());

    it('links records to the instance the worker noted, and a customer shows its name and organisation number', async () => {
      const directory = connectionDirectory(app.db.pool, Buffer.alloc(32), (_system, settings) => settings);
      await directory.noteWebUrl('salesforce', 'default', 'javascript:alert(1)');
      const before = await (await app.get('/records?system=salesforce')).text();
      expect(before).not.to.contain('javascript:').and.not.to.contain('Open in Salesforce');

      await directory.noteWebUrl('salesforce', 'default', 'https://acme.my.salesforce.com/');
      const list = await (await app.get('/records?system=salesforce')).text();
      expect(list).to.contain('href="https://acme.my.salesforce.com/lightning/r/Opportunity/006000000000051AAA/view"');
      expect(list).to.contain('href="https://acme.my.salesforce.com/lightning/r/Account/001000000000051AAA/view"');
      expect(list).to.contain('556677-8899');

      const customer = await (await app.get(`/records/${await idOf('001000000000051AAA')}`)).text();
      expect(customer).to.contain('Name in the source</th><td>Acme AB');
      expect(customer).to.contain('Organisation or VAT number</th><td>556677-8899');
      expect(customer).to.contain('Open in Salesforce').and.not.to.contain('Amount in the source');
      const deal = await (await app.get(`/records/${await idOf('006000000000051AAA')}`)).text();
      expect(deal).to.contain('Fortnox customer</th><td>12').and.to.contain('Amount in the source');
    });
  });
});
