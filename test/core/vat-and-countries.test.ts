import { expect } from 'chai';
import { countryCode } from '../../src/core/countries.ts';
import { normaliseOrganisationNumber, rowVatRate, vatTypeFor } from '../../src/core/vat.ts';

const company = (country: string | undefined, vatNumber?: string) => ({
  kind: 'company' as const,
  billingAddress: country === undefined ? {} : { countryCode: country },
  ...(vatNumber === undefined ? {} : { vatNumber }),
});

describe('billing country as people type it', () => {
  it('understands English, Swedish and native names and two-letter codes', () => {
    expect(countryCode('Sweden')).to.equal('SE');
    expect(countryCode('Sverige')).to.equal('SE');
    expect(countryCode(' se ')).to.equal('SE');
    expect(countryCode('Deutschland')).to.equal('DE');
    expect(countryCode('Tyskland')).to.equal('DE');
    expect(countryCode('Norge')).to.equal('NO');
    expect(countryCode('USA')).to.equal('US');
    expect(countryCode('United Kingdom')).to.equal('GB');
    expect(countryCode('UK')).to.equal('GB');
  });

  it('says "unknown" rather than guessing', () => {
    expect(countryCode('Narnia')).to.equal(undefined);
    expect(countryCode('XX')).to.equal(undefined);
    expect(countryCode('')).to.equal(undefined);
  });
});

describe('VAT treatment', () => {
  it('Swedish customers pay Swedish VAT', () => {
    expect(vatTypeFor(company('SE'))).to.equal('SEVAT');
  });

  it('an EU business with a VAT number gets reverse charge, without one Swedish VAT', () => {
    expect(vatTypeFor(company('DE', 'DE 123 456 789'))).to.equal('EUREVERSEDVAT');
    expect(vatTypeFor(company('DE'))).to.equal('EUVAT');
    expect(vatTypeFor({ ...company('FI', 'FI12345678'), kind: 'private' })).to.equal('EUVAT');
  });

  it('customers outside the EU are export sales', () => {
    expect(vatTypeFor(company('NO', 'NO123456789MVA'))).to.equal('EXPORT');
    expect(vatTypeFor(company('US'))).to.equal('EXPORT');
  });

  it('reverse charge and export rows carry 0 % VAT, others keep the product rate', () => {
    expect(rowVatRate('EUREVERSEDVAT', 25)).to.equal(0);
    expect(rowVatRate('EXPORT', 12)).to.equal(0);
    expect(rowVatRate('SEVAT', 12)).to.equal(12);
    expect(rowVatRate('EUVAT', 25)).to.equal(25);
  });
});

describe('Swedish organisation numbers', () => {
  it('normalises valid numbers to NNNNNN-NNNN and refuses invalid ones', () => {
    expect(normaliseOrganisationNumber('5560360793')).to.equal('556036-0793');
    expect(normaliseOrganisationNumber('16556036-0793')).to.equal('556036-0793');
    expect(normaliseOrganisationNumber('556036-0794')).to.equal(undefined); // wrong check digit
    expect(normaliseOrganisationNumber('12345')).to.equal(undefined);
  });
});
