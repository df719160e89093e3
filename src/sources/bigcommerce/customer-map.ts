import { createHash } from 'node:crypto';
import { countryCode } from '../../core/countries.ts';
import type { Customer, SourceRef } from '../../core/documents.ts';
import { defined } from '../../core/optional.ts';
import { OBJECTS } from './ids.ts';
import type { BcAddress } from './order-schema.ts';
import type { BigCommerceSettings } from './settings.ts';

/**
 * Who an order is invoiced to. A billing address with a company name is a company (B2B, with the
 * organisation and VAT numbers from the checkout form fields the settings name); otherwise a private
 * person — their own Fortnox customer, or the one shared customer when the settings say so. The
 * reference is the registered customer, or for a guest a digest of the e-mail, so a returning guest
 * is one customer and no e-mail address travels in job payloads or logs.
 */

export const SYSTEM = 'bigcommerce';

function formField(address: BcAddress, name: string): string | undefined {
  const wanted = name.trim().toLowerCase();
  const field = (address.form_fields ?? []).find((f) => f.name.trim().toLowerCase() === wanted);
  const value = field?.value;
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

export function guestId(email: string | undefined, orderId: number): string {
  const key = email === undefined ? `order:${orderId}` : email.toLowerCase();
  return `g${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;
}

export function customerRef(
  connection: string,
  customerId: number | null | undefined,
  address: BcAddress,
  orderId: number,
  settings: BigCommerceSettings,
): SourceRef {
  const company = address.company !== undefined;
  if (!company && settings.privateCustomers === 'shared')
    return { system: SYSTEM, connection, object: OBJECTS.guest, id: 'shared' };
  if (customerId !== null && customerId !== undefined && customerId > 0)
    return { system: SYSTEM, connection, object: OBJECTS.customer, id: String(customerId) };
  return { system: SYSTEM, connection, object: OBJECTS.guest, id: guestId(address.email, orderId) };
}

export function toCustomer(ref: SourceRef, address: BcAddress, settings: BigCommerceSettings): Customer {
  if (ref.id === 'shared') {
    // One customer for every private shopper: the store's home country decides its VAT type.
    return {
      source: ref,
      name: settings.sharedCustomerName,
      kind: 'private',
      billingAddress: { countryCode: 'SE' },
    };
  }
  const person = [address.first_name, address.last_name].filter(Boolean).join(' ');
  const code = address.country_iso2?.toUpperCase() ?? countryCode(address.country);
  const customer: Customer = {
    source: ref,
    name: address.company ?? person,
    kind: address.company === undefined ? 'private' : 'company',
    billingAddress: {
      ...defined({
        street1: address.street_1,
        street2: address.street_2,
        postalCode: address.zip,
        city: address.city,
        countryCode: code,
        countryText: address.country,
      }),
    },
  };
  if (address.email !== undefined) customer.email = address.email;
  if (address.phone !== undefined) customer.phone = address.phone;
  if (customer.kind === 'company') {
    const org = formField(address, settings.organisationNumberField);
    const vat = formField(address, settings.vatNumberField);
    if (org !== undefined) customer.organisationNumber = org;
    if (vat !== undefined) customer.vatNumber = vat;
  }
  return customer;
}
