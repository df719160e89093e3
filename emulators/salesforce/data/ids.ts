// Salesforce ids: 3-char key prefix, pod, counter (15 case-sensitive chars) plus a 3-char
// suffix that encodes which of the 15 chars are upper case, so the 18-char form is
// case-insensitive. Both forms must be accepted wherever an id is.

const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export const KEY_PREFIXES = {
  Account: '001',
  Contact: '003',
  User: '005',
  Opportunity: '006',
  OpportunityLineItem: '00k',
  Order: '801',
  OrderItem: '802',
  Product2: '01t',
  Pricebook2: '01s',
  PricebookEntry: '01u',
  Organization: '00D',
  QueryLocator: '01g',
  Fortnox_Sync_Request__e: 'e00',
} as const;

export function idSuffix(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charCodeAt(chunk * 5 + i);
      if (c >= 65 && c <= 90) bits |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET[bits];
  }
  return suffix;
}

const ID_SHAPE = /^[a-zA-Z0-9]{15}(?:[A-Z0-5]{3})?$/;

/** 18-char form of a 15- or 18-char id; undefined when it is not shaped like an id. */
export function normalizeId(raw: string): string | undefined {
  if (!ID_SHAPE.test(raw)) return undefined;
  const id15 = raw.slice(0, 15);
  return id15 + idSuffix(id15);
}

export function sameId(a: string, b: string): boolean {
  return normalizeId(a) === normalizeId(b);
}

export class IdFactory {
  #counter = 0;
  // "8d" pod and a random start make ids look like an org's, not like 000...1.
  readonly #pod: string;
  constructor(pod = '8d') {
    this.#pod = pod;
    this.#counter = 1_000_000 + Math.floor(Math.random() * 1_000_000);
  }

  next(prefix: string): string {
    let n = this.#counter++;
    let body = '';
    for (let i = 0; i < 9; i++) {
      body = BASE62[n % 62] + body;
      n = Math.floor(n / 62);
    }
    const id15 = prefix + this.#pod + '0' + body;
    return id15 + idSuffix(id15);
  }
}

export function prefixOf(id: string): string {
  return id.slice(0, 3);
}
