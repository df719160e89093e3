// What an org checks only at deploy time, or a rep only notices on the page: names in one file
// that must exist in another. source-deploy-retrieve does not look inside files for these.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { z } from 'zod';
import { loadMetadata } from '../../emulators/salesforce/schema/metadata-loader.ts';
import { DEFAULT_DIR, fieldsOf, LWC_DIR, readXml } from './metadata.ts';

const INPUT_FIELDS: ReadonlySet<string> = new Set(['Fortnox_Company__c']);

const labelsFile = z.object({
  CustomLabels: z.object({ labels: z.array(z.object({ fullName: z.string(), value: z.string() })) }),
});
const translationFile = z.object({
  Translations: z.object({ customLabels: z.array(z.object({ name: z.string(), label: z.string() })) }),
});
const permissionSet = z.object({
  PermissionSet: z.object({
    fieldPermissions: z.array(z.object({ field: z.string(), editable: z.string(), readable: z.string() })),
    objectPermissions: z.array(z.object({ object: z.string(), allowCreate: z.string() })).default([]),
    flowAccesses: z.array(z.object({ flow: z.string(), enabled: z.string() })).default([]),
  }),
});
const flowValue = z.object({ stringValue: z.string() }).or(z.object({ elementReference: z.string() }));
const flowFile = z.object({
  Flow: z.object({
    status: z.string(),
    processType: z.string(),
    variables: z.array(z.object({ name: z.string(), isInput: z.string() })),
    recordCreates: z.array(
      z.object({ object: z.string(), inputAssignments: z.array(z.object({ field: z.string(), value: flowValue })) }),
    ),
  }),
});
const listView = z.object({
  ListView: z.object({ filters: z.array(z.object({ field: z.string(), value: z.string() })) }),
});
const compactLayout = z.object({ CompactLayout: z.object({ fields: z.array(z.string()) }) });
const bundleMeta = z.object({
  LightningComponentBundle: z.object({
    isExposed: z.string(),
    targetConfigs: z.object({ targetConfig: z.object({ objects: z.object({ object: z.array(z.string()) }) }) }),
  }),
});

const labels = readXml(join(DEFAULT_DIR, 'labels/CustomLabels.labels-meta.xml'), labelsFile).CustomLabels.labels;
const componentSource = readdirSync(LWC_DIR)
  .filter((file) => file.endsWith('.js') || file.endsWith('.html'))
  .map((file) => readFileSync(join(LWC_DIR, file), 'utf8'))
  .join('\n');

function permissions(name: string) {
  return readXml(join(DEFAULT_DIR, `permissionsets/${name}.permissionset-meta.xml`), permissionSet).PermissionSet;
}

describe('salesforce/: references between files', () => {
  it('has an English custom label for every label the card imports, and no unused label', () => {
    const imported = [...componentSource.matchAll(/@salesforce\/label\/c\.(\w+)/g)].map((match) => match[1]);
    expect(imported.length).to.be.greaterThan(20);
    expect(labels.map((label) => label.fullName).sort()).to.deep.equal([...new Set(imported)].sort());
    for (const label of labels) expect(label.value.trim(), label.fullName).to.not.equal('');
  });

  it('translates every custom label into Swedish, and nothing that is not a label', () => {
    const swedish = readXml(join(DEFAULT_DIR, 'translations/sv.translation-meta.xml'), translationFile).Translations;
    const translated = new Map(swedish.customLabels.map((entry) => [entry.name, entry.label]));
    expect([...translated.keys()].sort()).to.deep.equal(labels.map((label) => label.fullName).sort());
    const english = new Map(labels.map((label) => [label.fullName, label.value]));
    // Most Swedish texts differ from the English; an identical one means it was never translated.
    const untranslated = [...translated].filter(([name, text]) => text === english.get(name)).map(([name]) => name);
    expect(untranslated).to.deep.equal(['Fortnox_Label_Status']);
  });

  it('has a Retry flow that publishes Fortnox_Sync_Request__e for the record, with Action__c = retry', () => {
    const flow = readXml(join(DEFAULT_DIR, 'flows/Fortnox_Request_Retry.flow-meta.xml'), flowFile).Flow;
    expect(componentSource).to.include("RETRY_FLOW = 'Fortnox_Request_Retry'");
    expect(flow.status).to.equal('Active');
    // A screen flow, because lightning-flow runs only those; it has no screens to show.
    expect(flow.processType).to.equal('Flow');
    expect(flow.variables).to.deep.include({ name: 'recordId', isInput: 'true' });
    const [create] = flow.recordCreates;
    expect(create?.object).to.equal('Fortnox_Sync_Request__e');
    expect(create?.inputAssignments).to.have.deep.members([
      { field: 'Record_Id__c', value: { elementReference: 'recordId' } },
      { field: 'Action__c', value: { stringValue: 'retry' } },
    ]);
  });

  it('lets reps run that flow and publish the event, and only read what fortnox-sync writes', () => {
    const user = permissions('Fortnox_Sync_User');
    expect(user.flowAccesses).to.deep.equal([{ flow: 'Fortnox_Request_Retry', enabled: 'true' }]);
    expect(user.objectPermissions).to.deep.include({ object: 'Fortnox_Sync_Request__e', allowCreate: 'true' });
    for (const object of ['Opportunity', 'Order']) {
      for (const field of fieldsOf(object).keys()) {
        expect(user.fieldPermissions, `${object}.${field}`).to.deep.include({
          field: `${object}.${field}`,
          readable: 'true',
          // The company a deal is invoiced by is the rep's choice; everything else is ours.
          editable: INPUT_FIELDS.has(field) ? 'true' : 'false',
        });
      }
    }
  });

  it('lets the integration user write every Fortnox field on Opportunity and Order and read the VAT rate', () => {
    const integration = permissions('Fortnox_Sync_Integration');
    for (const object of ['Opportunity', 'Order']) {
      for (const field of fieldsOf(object).keys()) {
        expect(integration.fieldPermissions).to.deep.include({
          field: `${object}.${field}`,
          readable: 'true',
          // Read for routing, never written: a rep's choice must not be overwritten by the integration.
          editable: INPUT_FIELDS.has(field) ? 'false' : 'true',
        });
      }
    }
    expect(integration.fieldPermissions).to.deep.include({
      field: 'Product2.Fortnox_VAT_Rate__c',
      readable: 'true',
      editable: 'false',
    });
  });

  it('names only fields that exist in salesforce/ in both permission sets', () => {
    for (const name of ['Fortnox_Sync_Integration', 'Fortnox_Sync_User']) {
      for (const { field } of permissions(name).fieldPermissions) {
        const [object = '', api = ''] = field.split('.');
        expect(fieldsOf(object).has(api), `${name}: ${field}`).to.equal(true);
      }
    }
  });

  it('filters the list views on status values the picklist has', () => {
    const statuses = fieldsOf('Opportunity').get('Fortnox_Status__c')?.picklist ?? [];
    const expected = { Fortnox_Needs_Attention: 'Needs Attention', Fortnox_Overdue: 'Overdue' };
    for (const [name, status] of Object.entries(expected)) {
      const file = join(DEFAULT_DIR, `objects/Opportunity/listViews/${name}.listView-meta.xml`);
      expect(readXml(file, listView).ListView.filters).to.deep.equal([{ field: 'Fortnox_Status__c', value: status }]);
      expect(statuses).to.include(status);
    }
  });

  it('shows status and balance in the compact layouts of Opportunity and Order', () => {
    for (const object of ['Opportunity', 'Order']) {
      const file = join(DEFAULT_DIR, `objects/${object}/compactLayouts/Fortnox_Invoice.compactLayout-meta.xml`);
      expect(readXml(file, compactLayout).CompactLayout.fields).to.include.members([
        'Fortnox_Status__c',
        'Fortnox_Balance__c',
      ]);
    }
  });

  it('offers the card on Opportunity and Order pages and places it on the Opportunity page', () => {
    const meta = readXml(join(LWC_DIR, 'fortnoxInvoice.js-meta.xml'), bundleMeta).LightningComponentBundle;
    expect(meta.isExposed).to.equal('true');
    expect(meta.targetConfigs.targetConfig.objects.object).to.deep.equal(['Opportunity', 'Order']);
    const page = readFileSync(
      join(DEFAULT_DIR, 'flexipages/Fortnox_Opportunity_Record_Page.flexipage-meta.xml'),
      'utf8',
    );
    expect(page).to.include('<componentName>fortnoxInvoice</componentName>');
    expect(page).to.include('<sobjectType>Opportunity</sobjectType>');
  });

  it('still loads in the Salesforce emulator, with Order, Product2 and PricebookEntry selected for CDC', () => {
    const metadata = loadMetadata();
    expect(metadata.cdcEntities).to.include.members(['Account', 'Opportunity', 'Order', 'Product2', 'PricebookEntry']);
    expect(metadata.fields.get('Product2')?.map((field) => field.name)).to.include('Fortnox_VAT_Rate__c');
    expect(metadata.events).to.deep.equal(['Fortnox_Sync_Request__e']);
  });
});
