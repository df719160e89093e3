// Order and Order Product, for orgs that invoice from activated Orders instead of Opportunities.
// Status is the admin's picklist; StatusCode is its category, derived in data/order-rules.ts.
// [unverified] StatusCode's API values: 'Draft' / 'Activated' here (the adapter also accepts 'A').
import { currencyIsoCode, f, ref, systemFields } from './field-builder.ts';
import type { StandardObject } from './standard-objects.ts';

const address = (prefix: 'Billing' | 'Shipping'): ReturnType<typeof f>[] => [
  f(`${prefix}Street`, 'textarea', { length: 255 }),
  f(`${prefix}City`, 'string', { length: 40 }),
  f(`${prefix}PostalCode`, 'string', { length: 20 }),
  f(`${prefix}Country`, 'string', { length: 80 }),
];

export const ORDER_STATUSES = ['Draft', 'Activated'] as const;

export const ORDER_OBJECTS: StandardObject[] = [
  {
    name: 'Order',
    label: 'Order',
    fields: [
      ...systemFields(true),
      ref('AccountId', 'Account', { required: true }),
      ref('OpportunityId', 'Opportunity'),
      ref('Pricebook2Id', 'Pricebook2'),
      f('OrderNumber', 'string', { readonly: true, length: 30 }),
      f('Name', 'string', { length: 80 }),
      f('Status', 'picklist', { required: true, restrictedPicklist: true, picklist: [...ORDER_STATUSES] }),
      f('StatusCode', 'picklist', { readonly: true, picklist: ['Draft', 'Activated'] }),
      f('EffectiveDate', 'date', { required: true }),
      f('EndDate', 'date'),
      f('ActivatedDate', 'datetime', { readonly: true }),
      f('TotalAmount', 'currency', { readonly: true }),
      f('PoNumber', 'string', { length: 80 }),
      f('Type', 'picklist', { picklist: ['New', 'Renewal', 'Upgrade'] }),
      f('Description', 'textarea', { length: 32000 }),
      ...address('Billing'),
      ...address('Shipping'),
      currencyIsoCode(),
    ],
    children: [{ relationshipName: 'OrderItems', childSObject: 'OrderItem', field: 'OrderId' }],
  },
  {
    name: 'OrderItem',
    label: 'Order Product',
    fields: [
      ...systemFields(false),
      ref('OrderId', 'Order', { required: true, updateable: false }),
      ref('PricebookEntryId', 'PricebookEntry', { updateable: false }),
      ref('Product2Id', 'Product2', { updateable: false }),
      f('OrderItemNumber', 'string', { readonly: true, length: 30 }),
      f('Quantity', 'double', { required: true }),
      f('UnitPrice', 'currency', { required: true }),
      f('ListPrice', 'currency', { readonly: true }),
      f('TotalPrice', 'currency', { readonly: true }),
      f('Description', 'string', { length: 255 }),
      f('ServiceDate', 'date'),
      f('EndDate', 'date'),
      currencyIsoCode(),
    ],
    children: [],
  },
];
