// Salesforce's own tooling (source-deploy-retrieve, the library inside `sf project deploy start`)
// converts all of salesforce/ into a Metadata API package, offline. A file it cannot place, a
// bundle without its meta file or a broken decomposed object fails here instead of in an org.

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ComponentSet, ForceIgnore, MetadataConverter } from '@salesforce/source-deploy-retrieve';
import { expect } from 'chai';
import { XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import { fieldsOf, filesUnder, JWT_APP_DIR, readXml, SALESFORCE_DIR, sfdxProject } from './metadata.ts';

const packageXml = z.object({
  Package: z.object({
    types: z.array(z.object({ members: z.array(z.string()), name: z.string() })),
    version: z.string(),
  }),
});

/** What this project ships, by metadata type; the package must hold at least these. */
const EXPECTED: Record<string, string[]> = {
  LightningComponentBundle: ['fortnoxInvoice'],
  Flow: ['Fortnox_Request_Retry'],
  FlexiPage: ['Fortnox_Opportunity_Record_Page'],
  CompactLayout: ['Opportunity.Fortnox_Invoice', 'Order.Fortnox_Invoice'],
  ListView: ['Opportunity.Fortnox_Needs_Attention', 'Opportunity.Fortnox_Overdue'],
  Layout: ['Account-Fortnox Account Layout'],
  CustomLabels: ['CustomLabels'],
  Translations: ['sv'],
  PermissionSet: ['Fortnox_Sync_Integration', 'Fortnox_Sync_User'],
  PlatformEventChannelMember: [
    'ChangeEvents_AccountChangeEvent',
    'ChangeEvents_OpportunityChangeEvent',
    'ChangeEvents_OrderChangeEvent',
    'ChangeEvents_Product2ChangeEvent',
    'ChangeEvents_PricebookEntryChangeEvent',
  ],
  CustomField: ['Product2.Fortnox_VAT_Rate__c', 'Order.Fortnox_Status__c', 'Order.Fortnox_Invoice_Link__c'],
  ExternalClientApplication: ['Fortnox_Sync'],
  ExtlClntAppOauthSettings: ['Fortnox_Sync'],
  ExtlClntAppGlobalOauthSettings: ['Fortnox_Sync'],
  ExtlClntAppConfigurablePolicies: ['Fortnox_Sync'],
  ExtlClntAppOauthConfigurablePolicies: ['Fortnox_Sync'],
};

describe('salesforce/: converted by source-deploy-retrieve', function () {
  // Loading the metadata registry takes a few seconds on a busy machine.
  this.timeout(60_000);

  const packageDirs = sfdxProject.packageDirectories.map((dir) => join(SALESFORCE_DIR, dir.path));
  let outputDir: string;
  let set: ComponentSet;
  let members: Map<string, string[]>;
  let version: string;

  before(async () => {
    outputDir = mkdtempSync(join(tmpdir(), 'fortnox-sfdx-'));
    set = ComponentSet.fromSource(packageDirs);
    set.sourceApiVersion = sfdxProject.sourceApiVersion;
    const result = await new MetadataConverter().convert(set, 'metadata', {
      type: 'directory',
      outputDirectory: outputDir,
      genUniqueDir: false,
    });
    expect(result.packagePath).to.equal(outputDir);
    const manifest = readXml(join(outputDir, 'package.xml'), packageXml).Package;
    version = manifest.version;
    members = new Map(manifest.types.map((type) => [type.name, type.members]));
  });

  after(() => rmSync(outputDir, { recursive: true, force: true }));

  it('builds a package for the project API version with everything this project ships', () => {
    expect(version).to.equal(sfdxProject.sourceApiVersion);
    for (const [type, names] of Object.entries(EXPECTED)) {
      expect(members.get(type) ?? [], type).to.include.members(names);
    }
  });

  // The converter skips what it cannot place instead of failing: a stray file, or a bundle without
  // its meta file, would vanish from the package (or break the deploy) without this check.
  it('places every file in a component with its meta file, unless .forceignore leaves it out', () => {
    const components = set.getSourceComponents().toArray();
    expect(components.filter((component) => !component.xml).map((component) => component.fullName)).to.deep.equal([]);
    const placed = new Set(components.flatMap((component) => [component.xml ?? '', ...component.walkContent()]));
    const ignore = ForceIgnore.findAndCreate(SALESFORCE_DIR);
    const unplaced = packageDirs
      .flatMap((dir) => filesUnder(dir).map((file) => join(dir, file)))
      .filter((file) => !placed.has(file) && !ignore.denies(file));
    expect(unplaced).to.deep.equal([]);
  });

  it('deploys the component without its jest tests', () => {
    const lwc = filesUnder(join(outputDir, 'lwc'));
    expect(lwc).to.include('fortnoxInvoice/fortnoxInvoice.js-meta.xml');
    expect(lwc.filter((file) => file.includes('__tests__'))).to.deep.equal([]);
  });

  it('writes only well-formed XML, from source files that are well-formed XML', () => {
    const xmlFiles = [
      ...filesUnder(SALESFORCE_DIR)
        .filter((file) => file.endsWith('.xml'))
        .map((file) => join(SALESFORCE_DIR, file)),
      ...filesUnder(outputDir)
        .filter((file) => !file.startsWith('lwc/') || file.endsWith('.xml'))
        .map((file) => join(outputDir, file)),
    ];
    expect(xmlFiles.length).to.be.greaterThan(40);
    const broken = xmlFiles
      .map((file) => ({ file, result: XMLValidator.validate(readFileSync(file, 'utf8')) }))
      .filter(({ result }) => result !== true);
    expect(broken).to.deep.equal([]);
  });

  it('gives Order every Fortnox field of Opportunity, with the same type, size and picklist', () => {
    const opportunity = [...fieldsOf('Opportunity')].filter(([name]) => name.startsWith('Fortnox_'));
    const order = fieldsOf('Order');
    expect(opportunity.length).to.equal(10);
    for (const [name, shape] of opportunity) expect(order.get(name), name).to.deep.equal(shape);
  });

  it('offers exactly the four Swedish VAT rates on Product2, nothing else', () => {
    expect(fieldsOf('Product2').get('Fortnox_VAT_Rate__c')).to.deep.include({
      type: 'Picklist',
      picklist: ['25', '12', '6', '0'],
    });
  });

  it('keeps secrets out of the connected app (external client app): only a certificate placeholder', () => {
    const files = filesUnder(JWT_APP_DIR).map((file) => readFileSync(join(JWT_APP_DIR, file), 'utf8'));
    const all = files.join('\n');
    expect(all).to.not.match(/consumerKey|consumerSecret|PRIVATE KEY|BEGIN CERTIFICATE/);
    expect(all).to.include('<certificate>__CERTIFICATE__</certificate>');
    expect(all).to.include('<permittedUsersPolicyType>AdminApprovedPreAuthorized</permittedUsersPolicyType>');
    expect(all).to.include('<commaSeparatedOauthScopes>Api, RefreshToken</commaSeparatedOauthScopes>');
  });

  it('lists the jwt-app package directory, so `--source-dir jwt-app` can deploy it on its own', () => {
    expect(sfdxProject.packageDirectories.map((dir) => dir.path)).to.deep.equal(['force-app', 'jwt-app']);
    expect(existsSync(JWT_APP_DIR)).to.equal(true);
  });
});
