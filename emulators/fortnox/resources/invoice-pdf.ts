import { type PdfText, simplePdf } from '../simple-pdf.ts';
import type { Tenant } from '../tenant.ts';
import { num, type Rec, str } from '../values.ts';
import { rowsOf } from './invoices.ts';
import { amount, vatBreakdown } from './vat-breakdown.ts';

/**
 * What `/3/invoices/{n}/preview` and `/print` answer: a one-or-more-page PDF with what a Swedish
 * invoice shows — seller, customer, dates, OCR, each row with its discount and VAT rate, VAT per
 * rate with its basis, totals with round-off. Not Fortnox's template, but the same facts.
 */

const COLUMNS = { article: 56, text: 120, qty: 340, price: 400, discount: 450, vat: 490, total: 540 };
const TOP = 780;
const BOTTOM = 70;

function discountText(row: Rec): string {
  if (num(row.Discount) === 0) return '';
  return row.DiscountType === 'AMOUNT' ? amount(num(row.Discount)) : `${num(row.Discount)} %`;
}

function header(t: Tenant, inv: Rec, customer: Rec | undefined): PdfText[] {
  const n = str(inv.DocumentNumber);
  const title = inv.Credit === 'true' ? `Kreditfaktura ${n}` : `Faktura ${n}`;
  const right = (y: number, label: string, value: string): PdfText[] => [
    { x: 360, y, text: label, size: 9 },
    { x: 540, y, text: value, size: 9, right: true },
  ];
  const address = [inv.Address1, inv.Address2, [inv.ZipCode, inv.City].map(str).join(' ').trim(), inv.Country]
    .map(str)
    .filter((s) => s.trim() !== '');
  return [
    { x: 56, y: TOP, text: title, size: 18, bold: true },
    { x: 56, y: TOP - 22, text: `${t.name} · org.nr ${t.organizationNumber}`, size: 9 },
    { x: 56, y: TOP - 60, text: `${str(inv.CustomerName)} (kund ${str(inv.CustomerNumber)})`, bold: true },
    ...address.map((line, i) => ({ x: 56, y: TOP - 74 - i * 13, text: line, size: 9 })),
    ...(str(customer?.VATNumber)
      ? [{ x: 56, y: TOP - 74 - address.length * 13, text: `VAT ${str(customer?.VATNumber)}`, size: 9 }]
      : []),
    ...right(TOP - 60, 'Fakturadatum', str(inv.InvoiceDate)),
    ...right(TOP - 73, 'Förfallodatum', str(inv.DueDate)),
    ...right(TOP - 86, 'Betalningsvillkor', `${str(inv.TermsOfPayment)} dagar`),
    ...right(TOP - 99, 'OCR', str(inv.OCR)),
    ...right(TOP - 112, 'Er referens', str(inv.YourReference)),
    ...(inv.Credit === 'true' ? right(TOP - 125, 'Krediterar faktura', str(inv.InvoiceReference)) : []),
  ];
}

function tableHead(y: number): PdfText[] {
  const c = COLUMNS;
  return [
    { x: c.article, y, text: 'Artikel', size: 9, bold: true },
    { x: c.text, y, text: 'Benämning', size: 9, bold: true },
    { x: c.qty, y, text: 'Antal', size: 9, bold: true, right: true },
    { x: c.price, y, text: 'À-pris', size: 9, bold: true, right: true },
    { x: c.discount, y, text: 'Rabatt', size: 9, bold: true, right: true },
    { x: c.vat, y, text: 'Moms', size: 9, bold: true, right: true },
    { x: c.total, y, text: 'Summa', size: 9, bold: true, right: true },
  ];
}

function rowItems(row: Rec, y: number): PdfText[] {
  const c = COLUMNS;
  const qty = `${str(row.DeliveredQuantity)} ${str(row.Unit)}`.trim();
  return [
    { x: c.article, y, text: str(row.ArticleNumber).slice(0, 10), size: 9 },
    { x: c.text, y, text: str(row.Description).slice(0, 42), size: 9 },
    { x: c.qty, y, text: qty, size: 9, right: true },
    { x: c.price, y, text: amount(num(row.Price)), size: 9, right: true },
    { x: c.discount, y, text: discountText(row), size: 9, right: true },
    { x: c.vat, y, text: `${num(row.VAT)} %`, size: 9, right: true },
    { x: c.total, y, text: amount(num(row.Total)), size: 9, right: true },
  ];
}

/** VAT per rate and the totals, as label/amount lines. */
function summary(inv: Rec, reverseCharge: boolean): Array<[string, string, boolean?]> {
  const cur = str(inv.Currency);
  const lines: Array<[string, string, boolean?]> = [];
  if (num(inv.Freight) !== 0) lines.push(['Frakt', amount(num(inv.Freight))]);
  if (num(inv.AdministrationFee) !== 0) lines.push(['Fakturaavgift', amount(num(inv.AdministrationFee))]);
  lines.push(['Netto', amount(num(inv.Net))]);
  for (const v of vatBreakdown(inv)) lines.push([`Moms ${v.rate} % på ${amount(v.basis)}`, amount(v.vat)]);
  lines.push(['Summa moms', amount(num(inv.TotalVAT))]);
  if (num(inv.RoundOff) !== 0) lines.push(['Öresavrundning', amount(num(inv.RoundOff))]);
  lines.push([`Att betala (${cur})`, amount(num(inv.Total)), true]);
  if (reverseCharge) lines.push(['Omvänd betalningsskyldighet (reverse charge)', '']);
  return lines;
}

export function invoicePdf(t: Tenant, inv: Rec): Buffer {
  const customer = t.customers.get(str(inv.CustomerNumber));
  const pages: PdfText[][] = [[...header(t, inv, customer), ...tableHead(TOP - 150)]];
  let page = pages[0] ?? [];
  let y = TOP - 168;
  const room = (needed: number): void => {
    if (y - needed >= BOTTOM) return;
    page = [...tableHead(TOP)];
    pages.push(page);
    y = TOP - 18;
  };
  for (const row of rowsOf(inv)) {
    room(14);
    page.push(...rowItems(row, y));
    y -= 14;
  }
  const lines = summary(inv, str(customer?.VATType) === 'EUREVERSEDVAT');
  room(20 + lines.length * 14);
  y -= 12;
  for (const [label, value, bold] of lines) {
    page.push({ x: 330, y, text: label, size: 9, bold: bold ?? false });
    page.push({ x: COLUMNS.total, y, text: value, size: 9, bold: bold ?? false, right: true });
    y -= 14;
  }
  return simplePdf(pages);
}
