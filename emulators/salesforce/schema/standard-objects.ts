// The standard objects the integration touches, with the fields an admin would expect.
// Derived fields (IsWon, Amount with products, line-item prices) are read-only here and
// computed in data/opportunity-rules.ts.
import { currencyIsoCode, f, ref, systemFields } from './field-builder.ts';
import { ORDER_OBJECTS } from './order-objects.ts';
import type { ChildRelationship, FieldDef } from './types.ts';

export type StandardObject = {
  name: string;
  label: string;
  fields: FieldDef[];
  children: ChildRelationship[];
};

const address = (prefix: 'Billing' | 'Shipping' | 'Mailing'): FieldDef[] => [
  f(`${prefix}Street`, 'textarea', { length: 255 }),
  f(`${prefix}City`, 'string', { length: 40 }),
  f(`${prefix}State`, 'string', { length: 80 }),
  f(`${prefix}PostalCode`, 'string', { length: 20 }),
  f(`${prefix}Country`, 'string', { length: 80 }),
];

export const OPPORTUNITY_STAGES = [
  { name: 'Prospecting', probability: 10, forecast: 'Pipeline', closed: false, won: false },
  { name: 'Qualification', probability: 10, forecast: 'Pipeline', closed: false, won: false },
  { name: 'Needs Analysis', probability: 20, forecast: 'Pipeline', closed: false, won: false },
  { name: 'Value Proposition', probability: 50, forecast: 'Pipeline', closed: false, won: false },
  { name: 'Id. Decision Makers', probability: 60, forecast: 'Pipeline', closed: false, won: false },
  { name: 'Perception Analysis', probability: 70, forecast: 'Pipeline', closed: false, won: false },
  { name: 'Proposal/Price Quote', probability: 75, forecast: 'Pipeline', closed: false, won: false },
  { name: 'Negotiation/Review', probability: 90, forecast: 'Pipeline', closed: false, won: false },
  { name: 'Closed Won', probability: 100, forecast: 'Closed', closed: true, won: true },
  { name: 'Closed Lost', probability: 0, forecast: 'Omitted', closed: true, won: false },
] as const;

const FORECAST = ['Omitted', 'Pipeline', 'Best Case', 'Commit', 'Closed'];

export const STANDARD_OBJECTS: StandardObject[] = [
  {
    name: 'Account',
    label: 'Account',
    fields: [
      ...systemFields(true),
      f('Name', 'string', { length: 255, required: true }),
      ...address('Billing'),
      ...address('Shipping'),
      f('Phone', 'phone', { length: 40 }),
      f('Website', 'url', { length: 255 }),
      f('AccountNumber', 'string', { length: 40 }),
      f('Type', 'picklist', { picklist: ['Prospect', 'Customer - Direct', 'Customer - Channel', 'Partner', 'Other'] }),
      f('Industry', 'picklist', { picklist: ['Technology', 'Manufacturing', 'Retail', 'Consulting', 'Other'] }),
      f('Description', 'textarea', { length: 32000 }),
      currencyIsoCode(),
    ],
    children: [
      { relationshipName: 'Opportunities', childSObject: 'Opportunity', field: 'AccountId' },
      { relationshipName: 'Contacts', childSObject: 'Contact', field: 'AccountId' },
      { relationshipName: 'Orders', childSObject: 'Order', field: 'AccountId' },
    ],
  },
  {
    name: 'Contact',
    label: 'Contact',
    fields: [
      ...systemFields(true),
      ref('AccountId', 'Account'),
      f('FirstName', 'string', { length: 40 }),
      f('LastName', 'string', { length: 80, required: true }),
      f('Name', 'string', { readonly: true, length: 121 }),
      f('Email', 'email', { length: 80 }),
      f('Phone', 'phone', { length: 40 }),
      f('Title', 'string', { length: 128 }),
      ...address('Mailing'),
      currencyIsoCode(),
    ],
    children: [],
  },
  {
    name: 'Opportunity',
    label: 'Opportunity',
    fields: [
      ...systemFields(true),
      f('Name', 'string', { length: 120, required: true }),
      ref('AccountId', 'Account'),
      f('StageName', 'picklist', {
        required: true,
        restrictedPicklist: true,
        picklist: OPPORTUNITY_STAGES.map((s) => s.name),
      }),
      f('CloseDate', 'date', { required: true }),
      f('Amount', 'currency'),
      f('Probability', 'percent'),
      f('ExpectedRevenue', 'currency', { readonly: true, cdcExcluded: true }),
      f('TotalOpportunityQuantity', 'double', { readonly: true }),
      f('IsClosed', 'boolean', { readonly: true }),
      f('IsWon', 'boolean', { readonly: true }),
      f('ForecastCategory', 'picklist', { readonly: true, picklist: FORECAST }),
      f('ForecastCategoryName', 'picklist', { picklist: FORECAST }),
      f('HasOpportunityLineItem', 'boolean', { readonly: true }),
      ref('Pricebook2Id', 'Pricebook2'),
      f('Type', 'picklist', {
        picklist: ['Existing Customer - Upgrade', 'Existing Customer - Replacement', 'New Customer'],
      }),
      f('LeadSource', 'picklist', { picklist: ['Web', 'Phone Inquiry', 'Partner Referral', 'Other'] }),
      f('NextStep', 'string', { length: 255 }),
      f('Description', 'textarea', { length: 32000 }),
      currencyIsoCode(),
    ],
    children: [
      { relationshipName: 'OpportunityLineItems', childSObject: 'OpportunityLineItem', field: 'OpportunityId' },
      { relationshipName: 'Orders', childSObject: 'Order', field: 'OpportunityId' },
    ],
  },
  ...ORDER_OBJECTS,
  {
    name: 'OpportunityLineItem',
    label: 'Opportunity Product',
    fields: [
      ...systemFields(false),
      ref('OpportunityId', 'Opportunity', { required: true, updateable: false }),
      ref('PricebookEntryId', 'PricebookEntry', { updateable: false }),
      ref('Product2Id', 'Product2', { updateable: false }),
      f('ProductCode', 'string', { readonly: true, length: 255 }),
      f('Name', 'string', { readonly: true, length: 376 }),
      f('Quantity', 'double', { required: true }),
      f('UnitPrice', 'currency'),
      f('ListPrice', 'currency', { readonly: true }),
      f('TotalPrice', 'currency'),
      f('Discount', 'percent'),
      f('Subtotal', 'currency', { readonly: true }),
      f('Description', 'string', { length: 255 }),
      f('ServiceDate', 'date'),
      f('SortOrder', 'int'),
      currencyIsoCode(),
    ],
    children: [],
  },
  {
    name: 'Product2',
    label: 'Product',
    fields: [
      ...systemFields(false),
      f('Name', 'string', { length: 255, required: true }),
      f('ProductCode', 'string', { length: 255 }),
      f('Description', 'textarea', { length: 4000 }),
      f('Family', 'picklist', { picklist: ['Hardware', 'Software', 'Services', 'None'] }),
      f('IsActive', 'boolean'),
      f('QuantityUnitOfMeasure', 'picklist', { picklist: ['Each', 'Hour', 'Month'] }),
      currencyIsoCode(),
    ],
    children: [{ relationshipName: 'PricebookEntries', childSObject: 'PricebookEntry', field: 'Product2Id' }],
  },
  {
    name: 'Pricebook2',
    label: 'Price Book',
    fields: [
      ...systemFields(false),
      f('Name', 'string', { length: 255, required: true }),
      f('IsActive', 'boolean'),
      f('IsStandard', 'boolean', { readonly: true }),
      f('Description', 'string', { length: 255 }),
    ],
    children: [{ relationshipName: 'PricebookEntries', childSObject: 'PricebookEntry', field: 'Pricebook2Id' }],
  },
  {
    name: 'PricebookEntry',
    label: 'Price Book Entry',
    fields: [
      ...systemFields(false),
      ref('Pricebook2Id', 'Pricebook2', { required: true, updateable: false }),
      ref('Product2Id', 'Product2', { required: true, updateable: false }),
      f('Name', 'string', { readonly: true, length: 255 }),
      f('ProductCode', 'string', { readonly: true, length: 255 }),
      f('UnitPrice', 'currency', { required: true }),
      f('IsActive', 'boolean'),
      f('UseStandardPrice', 'boolean'),
      currencyIsoCode(),
    ],
    children: [],
  },
  {
    name: 'User',
    label: 'User',
    fields: [
      ...systemFields(false),
      f('Username', 'string', { length: 80, required: true }),
      f('FirstName', 'string', { length: 40 }),
      f('LastName', 'string', { length: 80, required: true }),
      f('Name', 'string', { readonly: true, length: 121 }),
      f('Email', 'email', { length: 128, required: true }),
      f('Alias', 'string', { length: 8 }),
      f('IsActive', 'boolean'),
      f('Title', 'string', { length: 80 }),
      f('CompanyName', 'string', { length: 80 }),
      f('DefaultCurrencyIsoCode', 'string', { readonly: true, length: 3 }),
    ],
    children: [],
  },
];
