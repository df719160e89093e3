import { isEu } from './countries.ts';
import type { Customer } from './documents.ts';

/**
 * Which VAT treatment a customer gets, in Fortnox's vocabulary (reference §8). Decided from the
 * billing country and the VAT number only, so finance can predict it:
 * Sweden → SEVAT; EU business with a VAT number → EUREVERSEDVAT (reverse charge, 0 %);
 * EU without a VAT number (consumers, unregistered) → EUVAT (Swedish VAT); outside the EU → EXPORT (0 %).
 */
export type VatType = 'SEVAT' | 'EUREVERSEDVAT' | 'EUVAT' | 'EXPORT';

export function vatTypeFor(customer: Pick<Customer, 'billingAddress' | 'vatNumber' | 'kind'>): VatType {
  const country = customer.billingAddress.countryCode ?? 'SE';
  if (country === 'SE') return 'SEVAT';
  if (isEu(country)) {
    return customer.kind === 'company' && hasVatNumber(customer.vatNumber) ? 'EUREVERSEDVAT' : 'EUVAT';
  }
  return 'EXPORT';
}

export function hasVatNumber(vatNumber: string | undefined): boolean {
  return vatNumber !== undefined && /^[A-Z]{2}[0-9A-Z+*.]{2,13}$/.test(normaliseVatNumber(vatNumber));
}

export function normaliseVatNumber(vatNumber: string): string {
  return vatNumber.replace(/[\s.-]/g, '').toUpperCase();
}

/** The VAT rate a row ends up with: reverse charge and export rows carry no Swedish VAT. */
export function rowVatRate(vatType: VatType, productRate: number): number {
  return vatType === 'EUREVERSEDVAT' || vatType === 'EXPORT' ? 0 : productRate;
}

/** Swedish organisation/personal numbers: 10 digits (or 12 with century), Luhn-checked. */
export function normaliseOrganisationNumber(input: string): string | undefined {
  const digits = input.replace(/[\s-]/g, '');
  if (!/^\d{10}(\d{2})?$/.test(digits)) return undefined;
  const ten = digits.length === 12 ? digits.slice(2) : digits;
  if (!luhnValid(ten)) return undefined;
  return `${ten.slice(0, 6)}-${ten.slice(6)}`;
}

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * The organisation number as Fortnox should hold it for this customer: a Swedish one normalised
 * (`556677-8899`), undefined when it is not valid (so it is never matched on); a foreign one as given.
 */
export function customerOrganisationNumber(
  customer: Pick<Customer, 'organisationNumber' | 'billingAddress'>,
): string | undefined {
  if (customer.organisationNumber === undefined) return undefined;
  const country = customer.billingAddress.countryCode ?? 'SE';
  return country === 'SE'
    ? normaliseOrganisationNumber(customer.organisationNumber)
    : customer.organisationNumber.trim();
}
