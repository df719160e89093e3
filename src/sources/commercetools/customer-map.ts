import { createHash } from 'node:crypto';
import type { BusinessUnit, Address as CtAddress, Customer as CtCustomer, Order } from '@commercetools/platform-sdk';
import { countryCode } from '../../core/countries.ts';
import type { Address, Customer } from '../../core/documents.ts';
import { defined } from '../../core/optional.ts';
import { hasVatNumber, normaliseOrganisationNumber, normaliseVatNumber } from '../../core/vat.ts';
import { OBJECTS, SYSTEM } from './ids.ts';

/**
 * Who an order is invoiced to, as a canonical customer: a business unit (B2B: the company), a
 * registered customer (a company when it has a company name, else a private person), or a guest
 * (the order's billing address). The invoice address is the order's billing address when it has
 * one — that is what the shopper confirmed at checkout — else the customer's default billing address.
 */

const clean = (v: string | undefined | null): string | undefined => {
  const t = v?.trim();
  return t === undefined || t === '' ? undefined : t;
};

export function toAddress(a: CtAddress | undefined): Address {
  if (a === undefined) return {};
  const street = [clean(a.streetName), clean(a.streetNumber)].filter(Boolean).join(' ');
  const street2 = [clean(a.additionalStreetInfo), clean(a.building), clean(a.apartment), clean(a.pOBox)]
    .filter(Boolean)
    .join(', ');
  const code = countryCode(a.country);
  return {
    ...(street === '' ? {} : { street1: street }),
    ...(street2 === '' ? {} : { street2 }),
    ...(clean(a.postalCode) === undefined ? {} : { postalCode: clean(a.postalCode)! }),
    ...(clean(a.city) === undefined ? {} : { city: clean(a.city)! }),
    ...defined({ countryCode: code }),
    ...(clean(a.country) === undefined ? {} : { countryText: clean(a.country)! }),
  };
}

export function personName(a: CtAddress | undefined): string | undefined {
  return clean([clean(a?.firstName), clean(a?.lastName)].filter(Boolean).join(' '));
}

/** A Swedish VAT number (SE + organisation number + 01) also names the organisation number. */
export function organisationFromVat(vatId: string | undefined): string | undefined {
  const m = vatId?.replace(/\s/g, '').match(/^SE(\d{10})01$/i);
  return m?.[1] === undefined ? undefined : normaliseOrganisationNumber(m[1]);
}

function defaultBilling(addresses: readonly CtAddress[], id: string | undefined, ids: readonly string[] | undefined) {
  return addresses.find((a) => a.id === id) ?? addresses.find((a) => ids?.includes(a.id ?? '')) ?? addresses[0];
}

function compact(customer: Customer, optional: Record<string, string | undefined>): Customer {
  for (const [key, value] of Object.entries(optional))
    if (value !== undefined) (customer as unknown as Record<string, string>)[key] = value;
  return customer;
}

export function fromCustomer(connection: string, c: CtCustomer, orderAddress?: CtAddress): Customer {
  const address = orderAddress ?? defaultBilling(c.addresses, c.defaultBillingAddressId, c.billingAddressIds);
  const company = clean(c.companyName) ?? clean(address?.company);
  const name = company ?? personName(address) ?? clean([c.firstName, c.lastName].filter(Boolean).join(' ')) ?? c.email;
  return compact(
    {
      source: { system: SYSTEM, connection, object: OBJECTS.customer, id: c.id },
      name,
      kind: company === undefined ? 'private' : 'company',
      billingAddress: toAddress(address),
    },
    {
      email: clean(c.email),
      vatNumber: clean(c.vatId),
      organisationNumber: organisationFromVat(c.vatId),
      phone: clean(address?.phone) ?? clean(address?.mobile),
      knownCustomerNumber: undefined,
    },
  );
}

export function fromBusinessUnit(connection: string, bu: BusinessUnit, orderAddress?: CtAddress): Customer {
  const address = orderAddress ?? defaultBilling(bu.addresses, bu.defaultBillingAddressId, bu.billingAddressIds);
  return compact(
    {
      source: { system: SYSTEM, connection, object: OBJECTS.businessUnit, id: bu.key },
      name: bu.name,
      kind: 'company',
      billingAddress: toAddress(address),
    },
    {
      email: clean(bu.contactEmail) ?? clean(address?.email),
      invoiceEmail: clean(bu.contactEmail),
      phone: clean(address?.phone),
    },
  );
}

/** A String custom field of the order or of its billing address (checkout fields such as `vatId`). */
function checkoutField(order: Order, names: readonly string[]): string | undefined {
  for (const fields of [order.billingAddress?.custom?.fields, order.custom?.fields]) {
    for (const name of names) {
      const value = fields?.[name];
      if (typeof value === 'string' && clean(value) !== undefined) return clean(value);
    }
  }
  return undefined;
}

const digest = (value: string): string => createHash('sha256').update(value).digest('hex').slice(0, 24);

/** A UUID: the guest ids of earlier releases were the order's id. */
export const isOrderId = (id: string): boolean =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

/**
 * Who a guest is across orders. A guest has no customer record, yet the same buyer ordering again
 * must be the same Fortnox customer, not a new one (or a conflict) per order. The shop rules decide,
 * in the core's match order: the organisation number (a company's buyers differ by e-mail), else the
 * VAT number, else the e-mail (case ignored); a guest with none of them is known only by the order.
 */
export function guestIdentity(order: Order): { id: string; organisationNumber?: string; vatNumber?: string } {
  const vatRaw = checkoutField(order, ['vatId', 'vatNumber']);
  const vatNumber = vatRaw !== undefined && hasVatNumber(vatRaw) ? normaliseVatNumber(vatRaw) : undefined;
  const orgRaw = checkoutField(order, ['organisationNumber', 'orgNumber']);
  const organisationNumber =
    (orgRaw === undefined ? undefined : normaliseOrganisationNumber(orgRaw)) ?? organisationFromVat(vatNumber);
  const email = (clean(order.customerEmail) ?? clean(order.billingAddress?.email))?.toLowerCase();
  const id =
    organisationNumber !== undefined
      ? `o${digest(organisationNumber)}`
      : vatNumber !== undefined
        ? `v${digest(vatNumber)}`
        : email !== undefined
          ? `e${digest(email)}`
          : order.id;
  return { id, ...defined({ organisationNumber, vatNumber }) };
}

export function fromGuest(connection: string, order: Order): Customer {
  const address = order.billingAddress;
  const who = guestIdentity(order);
  const company = clean(address?.company);
  const isPrivate = company === undefined && who.organisationNumber === undefined && who.vatNumber === undefined;
  return compact(
    {
      source: { system: SYSTEM, connection, object: OBJECTS.guest, id: who.id },
      name: company ?? personName(address) ?? clean(order.customerEmail) ?? '',
      kind: isPrivate ? 'private' : 'company',
      billingAddress: toAddress(address),
    },
    {
      email: clean(order.customerEmail) ?? clean(address?.email),
      phone: clean(address?.phone),
      vatNumber: who.vatNumber,
      organisationNumber: who.organisationNumber,
    },
  );
}
