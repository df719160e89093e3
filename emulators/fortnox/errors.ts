import type { Rec } from './values.ts';

/**
 * An error answered in Fortnox's own envelope. Real traffic mixes key casing: 404 "not found"
 * answers use `Error/Message/Code`, 400 validation answers use `error/message/code` [VCR].
 */
export class FortnoxError extends Error {
  readonly status: number;
  readonly code: number;
  readonly casing: 'upper' | 'lower';
  constructor(status: number, code: number, message: string, casing?: 'upper' | 'lower') {
    super(message);
    this.status = status;
    this.code = code;
    this.casing = casing ?? (status === 404 ? 'upper' : 'lower');
  }
  body(): Rec {
    return this.casing === 'upper'
      ? { ErrorInformation: { Error: 1, Message: this.message, Code: this.code } }
      : { ErrorInformation: { error: 1, message: this.message, code: this.code } };
  }
}

export interface ErrorDef {
  code: number;
  message: string;
}

/** Codes documented by Fortnox or observed in recorded traffic (reference §3.2). */
export const KNOWN = {
  invalidFilter: { code: 2000587, message: 'Ett ogiltigt filter har använts.' },
  invalidParam: { code: 2000588, message: 'Ogiltig parameter i anropet.' },
  notNumeric: { code: 2000108, message: 'Värdet måste vara numeriskt' },
  notBoolean: { code: 2000134, message: 'Värdet måste vara en boolean' },
  notAlnum: { code: 2000106, message: 'Värdet måste vara alfanumeriskt' },
  badChars: { code: 2000359, message: 'Värdet innehåller ej tillåtna tecken.' },
  unknownField: { code: 2001399, message: 'Felaktigt fältnamn' },
  noData: { code: 2001392, message: 'Ingen eller felaktig typ av data.' },
  badJson: { code: 2002115, message: 'Error deserializing JSON: JSON_ERROR_SYNTAX' },
  customerMissing: { code: 2000204, message: 'Kunde inte hämta/hitta kund' },
  articleMissing: { code: 2001302, message: 'Kunde inte hitta artikel' },
  accountMissing: { code: 2001304, message: 'Kunde inte hitta konto' },
  customerNumberUsed: { code: 2000637, message: 'Kundnummer används redan.' },
  noScope: { code: 2000663, message: 'Har inte behörighet för scope' },
  systemError: { code: 1000003, message: 'System exception' },
  // Predefined accounts [OAS updatePredefinedAccountsResource]: codes documented, the messages are
  // the documentation's English descriptions (the Swedish wording is unknown).
  noPredefinedName: { code: 2000729, message: 'A valid identifier was not provided.' },
  predefinedInvalid: { code: 2001265, message: 'The provided account is invalid.' },
  accountFormat: { code: 2002462, message: 'The account is not in a valid format.' },
  predefinedVatCode: { code: 2004052, message: 'The provided account has an incompatible VAT Code.' },
  // [community: notima fortnox4j ERROR_CANT_FIND_PREDEFINED_ACCOUNT; message unverified]
  predefinedMissing: { code: 2001403, message: 'Kan inte hitta det förvalda kontot.' },
} as const satisfies Record<string, ErrorDef>;

/** 404 answers per resource; codes observed in the cassettes unless marked. */
export const NOT_FOUND = {
  customers: { code: 2000433, message: 'Kan inte hitta kunden.' },
  invoices: { code: 2000434, message: 'Kan inte hitta fakturan.' },
  articles: { code: 2000428, message: 'Kan inte hitta artikeln.' },
  units: { code: 2000432, message: 'Kan inte hitta enheten.' },
  termsofpayments: { code: 2000429, message: 'Kan inte hitta betalningsvillkoret.' },
  projects: { code: 2001161, message: 'Kan inte hitta projektet.' },
  orders: { code: 2000439, message: 'Kan inte hitta ordern.' },
  accounts: { code: 2000423, message: 'Kan inte hitta kontot.' },
  // [unverified] no recording or document gives these four; placeholders in the 2999xxx range.
  costcenters: { code: 2999101, message: 'Kan inte hitta kostnadsstället.' },
  currencies: { code: 2999102, message: 'Kan inte hitta valutan.' },
  invoicepayments: { code: 2999103, message: 'Kan inte hitta betalningen.' },
  vouchers: { code: 2999104, message: 'Kan inte hitta verifikationen.' },
  modesofpayments: { code: 2999105, message: 'Kan inte hitta betalningssättet.' },
  prices: { code: 2999106, message: 'Kan inte hitta priset.' },
  pricelists: { code: 2999107, message: 'Kan inte hitta prislistan.' },
} as const satisfies Record<string, ErrorDef>;

/**
 * [unverified] Rules Fortnox enforces but whose codes no source gives (reference §3.2: "do NOT
 * hard-code numbers"). The emulator answers 400 with these placeholder codes (2999xxx, chosen so
 * nobody mistakes them for real ones); override any of them with `options.errorOverrides`.
 */
export const UNVERIFIED = {
  bookedCannotChange: { code: 2999001, message: 'Fakturan är bokförd och kan inte ändras.' },
  bookedCannotCancel: { code: 2999002, message: 'Fakturan är bokförd och kan inte makuleras.' },
  alreadyBooked: { code: 2999003, message: 'Fakturan är redan bokförd.' },
  cancelledDocument: { code: 2999004, message: 'Dokumentet är makulerat.' },
  notBookedCannotCredit: { code: 2999005, message: 'Fakturan måste vara bokförd för att krediteras.' },
  alreadyCredited: { code: 2999006, message: 'Fakturan är redan krediterad.' },
  tooLong: { code: 2999007, message: 'Värdet är för långt' },
  invalidValue: { code: 2999008, message: 'Ogiltigt värde' },
  invalidCountry: { code: 2999009, message: 'Ogiltigt land' },
  invalidVat: { code: 2999010, message: 'Ogiltig momssats' },
  duplicateNumber: { code: 2999011, message: 'Nummret används redan.' },
  notCompleted: { code: 2999012, message: 'Dokumentet är markerat som ej färdigt.' },
  paymentNeedsBooked: { code: 2999013, message: 'Fakturan måste vara bokförd innan betalning registreras.' },
  paymentBooked: { code: 2999014, message: 'Betalningen är redan bokförd.' },
  orderInvoiced: { code: 2999015, message: 'Ordern är redan fakturerad.' },
  voucherUnbalanced: { code: 2999016, message: 'Verifikationen balanserar inte.' },
  required: { code: 2999017, message: 'Obligatoriskt fält saknas' },
  creditOfCredit: { code: 2999018, message: 'En kreditfaktura kan inte krediteras.' },
  // Vouchers [reference §3 "exact error codes UNVERIFIED"]: placeholders, messages guessed.
  noFinancialYear: { code: 2999019, message: 'Det finns inget räkenskapsår för datumet.' },
  lockedPeriod: { code: 2999020, message: 'Datumet ligger i en låst period.' },
  seriesMissing: { code: 2999021, message: 'Verifikationsserien finns inte.' },
  seriesNotManual: { code: 2999022, message: 'Verifikationsserien tillåter inte manuell kontering.' },
  costCenterMissing: { code: 2999023, message: 'Kostnadsstället finns inte.' },
  costCenterInactive: { code: 2999024, message: 'Kostnadsstället är inte aktivt.' },
  yearMismatch: { code: 2999025, message: 'Datumet ligger inte i det angivna räkenskapsåret.' },
  // Code from notima fortnox4j's constants (ERROR_ACCOUNT_NOT_ACTIVE); the message is a guess.
  accountInactive: { code: 2000550, message: 'Kontot är inte aktivt' },
} as const satisfies Record<string, ErrorDef>;

export type UnverifiedError = keyof typeof UNVERIFIED;
