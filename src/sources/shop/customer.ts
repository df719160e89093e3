import { countryCode } from '../../core/countries.ts';
import type { Address, Customer } from '../../core/documents.ts';
import { defined } from '../../core/optional.ts';
import { hasVatNumber, normaliseVatNumber } from '../../core/vat.ts';
import type { ShopBuyer, ShopOrder } from './order.ts';
import type { ShopSettings } from './settings.ts';

/**
 * The buyer of a shop order as a Fortnox customer. A company name, a VAT number, an organisation
 * number or a GLN makes a B2B customer (a GLN also marks it for e-invoicing); anyone else is a private
 * buyer — their own customer, or the one shared private customer when the shop is set up so. The
 * customer is matched in Fortnox by the core's rules (customer number, organisation number, e-mail).
 */

function trimmed(value: string | undefined): string | undefined {
  const t = value?.trim();
  return t === undefined || t === '' ? undefined : t;
}

export function buyerAddress(buyer: ShopBuyer): Address {
  const address: Address = {};
  const set = (key: keyof Address, value: string | undefined) => {
    const t = trimmed(value);
    if (t !== undefined) address[key] = t;
  };
  set('street1', buyer.street1);
  set('street2', buyer.street2);
  set('postalCode', buyer.postalCode);
  set('city', buyer.city);
  const country = trimmed(buyer.country);
  if (country !== undefined) {
    const code = countryCode(country);
    if (code === undefined) address.countryText = country;
    else address.countryCode = code;
  }
  return address;
}

export function isCompanyBuyer(buyer: ShopBuyer): boolean {
  return (
    trimmed(buyer.company) !== undefined ||
    hasVatNumber(buyer.vatNumber) ||
    trimmed(buyer.organisationNumber) !== undefined ||
    trimmed(buyer.gln) !== undefined
  );
}

export function buyerCustomer(
  order: Pick<ShopOrder, 'buyer' | 'guestCustomer'> & { currency?: string },
  settings: ShopSettings,
): Customer {
  const { buyer } = order;
  const company = isCompanyBuyer(buyer);
  const person = [buyer.firstName, buyer.lastName]
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .join(' ');
  if (!company && settings.customers === 'shared_b2c') {
    return {
      source: { ...order.guestCustomer, id: 'b2c' },
      name: settings.sharedCustomerName,
      kind: 'private',
      billingAddress: buyerAddress(buyer),
      ...(settings.sharedCustomerNumber === null ? {} : { knownCustomerNumber: settings.sharedCustomerNumber }),
    };
  }
  const customer: Customer = {
    source: buyer.customer ?? order.guestCustomer,
    name: company ? (trimmed(buyer.company) ?? person) : person,
    kind: company ? 'company' : 'private',
    billingAddress: buyerAddress(buyer),
    ...defined({ currency: order.currency }),
  };
  const email = trimmed(buyer.email);
  if (email !== undefined) {
    customer.email = email;
    customer.invoiceEmail = email;
  }
  const phone = trimmed(buyer.phone);
  if (phone !== undefined) customer.phone = phone;
  const vat = trimmed(buyer.vatNumber);
  if (vat !== undefined) customer.vatNumber = normaliseVatNumber(vat);
  const org = trimmed(buyer.organisationNumber);
  if (org !== undefined) customer.organisationNumber = org;
  const gln = trimmed(buyer.gln);
  if (gln !== undefined) customer.gln = gln;
  return customer;
}
