/**
 * English explanations for the Fortnox error codes we know, so finance sees a sentence instead of a
 * Swedish message and a seven-digit number. Codes and meanings come from Fortnox's errors page and
 * recorded traffic (../shared/reference/fortnox-api.md §3.2, §9). Fortnox documents no codes for
 * "invoice already booked", "cannot cancel a booked invoice" and similar rules, so none are
 * invented here; those still arrive as FortnoxValidationError with Fortnox's own message.
 */

export interface KnownFortnoxCode {
  /** Short technical meaning (logs, dashboard detail). */
  meaning: string;
  /** What a finance person reads; says what to do where there is something to do. */
  userMessage: string;
  /** `conflict` when the Fortnox state forbids the operation, `config` when an admin must act. */
  kind?: 'validation' | 'conflict' | 'config' | 'not_found' | 'bug';
}

const ACCOUNT_FIX = 'Check the chart of accounts and the preselected accounts under Settings → Bookkeeping in Fortnox.';

export const FORTNOX_ERROR_CODES: Readonly<Record<number, KnownFortnoxCode>> = {
  1000003: {
    meaning: 'Fortnox system exception',
    userMessage: 'Fortnox had an internal error; the request will be retried.',
  },
  1000030: {
    meaning: 'invalid Accept header',
    userMessage: 'The integration sent a request Fortnox could not read; support has been notified.',
    kind: 'bug',
  },
  1000031: {
    meaning: 'invalid Content-Type header',
    userMessage: 'The integration sent a request Fortnox could not read; support has been notified.',
    kind: 'bug',
  },
  2000106: {
    meaning: 'value must be alphanumeric',
    userMessage: 'A value sent to Fortnox may only contain letters and digits; correct it in the source record.',
  },
  2000108: {
    meaning: 'value must be numeric',
    userMessage: 'A value sent to Fortnox must be a number; correct it in the source record.',
  },
  2000134: {
    meaning: 'value must be a boolean',
    userMessage: 'A yes/no value sent to Fortnox was not yes or no.',
    kind: 'bug',
  },
  2000204: {
    meaning: 'customer referenced in the document not found',
    userMessage: 'The customer on this document does not exist in Fortnox (deleted?); sync the customer again.',
    kind: 'not_found',
  },
  2000359: {
    meaning: 'value contains characters Fortnox does not allow',
    userMessage: 'A value contains characters Fortnox does not accept; remove special characters in the source record.',
  },
  2000423: {
    meaning: 'account not found',
    userMessage: `An account number used does not exist in Fortnox. ${ACCOUNT_FIX}`,
    kind: 'config',
  },
  2000428: { meaning: 'article not found', userMessage: 'The article does not exist in Fortnox.', kind: 'not_found' },
  2000429: {
    meaning: 'terms of payment not found',
    userMessage:
      'The terms of payment do not exist in Fortnox; add them under Settings → Invoicing or change the mapping.',
    kind: 'config',
  },
  2000432: {
    meaning: 'unit not found',
    userMessage: 'The unit does not exist in Fortnox; add it under Settings → Units or change the mapping.',
    kind: 'config',
  },
  2000433: {
    meaning: 'customer not found',
    userMessage: 'The customer does not exist in Fortnox (it may have been deleted); sync the customer again.',
    kind: 'not_found',
  },
  2000434: { meaning: 'invoice not found', userMessage: 'The invoice does not exist in Fortnox.', kind: 'not_found' },
  2000587: {
    meaning: 'invalid list filter',
    userMessage: 'The integration asked Fortnox for an unknown filter; support has been notified.',
    kind: 'bug',
  },
  2000588: {
    meaning: 'invalid query parameter',
    userMessage: 'The integration sent Fortnox an unknown search parameter; support has been notified.',
    kind: 'bug',
  },
  2000637: {
    meaning: 'customer number already used (possibly by a deleted customer)',
    userMessage:
      'This customer number is already used in Fortnox, possibly by a deleted customer; numbers are never reused. Choose another number or let Fortnox assign one.',
    kind: 'conflict',
  },
  2000663: {
    meaning: 'token lacks the scope',
    userMessage:
      'The Fortnox connection is missing a permission (scope) this action needs; reconnect Fortnox in the dashboard and approve all requested permissions.',
    kind: 'config',
  },
  2000729: {
    meaning: 'no valid identifier',
    userMessage: 'The document number sent to Fortnox is not valid.',
    kind: 'bug',
  },
  2001101: {
    meaning: 'no active licence for the scope',
    userMessage:
      'Your Fortnox subscription lacks the module this action needs (e.g. Invoicing); add it in Fortnox, then retry.',
    kind: 'config',
  },
  2001103: {
    meaning: 'API licence missing',
    userMessage:
      'Your Fortnox subscription does not include API access (Integration licence); add it in Fortnox, then retry.',
    kind: 'config',
  },
  2001161: {
    meaning: 'project not found',
    userMessage: 'The project does not exist in Fortnox; create it or change the mapping.',
    kind: 'config',
  },
  2001302: {
    meaning: 'article referenced in the document not found',
    userMessage: 'An article on this document does not exist in Fortnox; create it or change the product mapping.',
    kind: 'config',
  },
  2001304: {
    meaning: 'account not found (in the body or a preselected account)',
    userMessage: `Fortnox could not find an account used for this document. ${ACCOUNT_FIX}`,
    kind: 'config',
  },
  2001392: {
    meaning: 'empty or wrong type of data',
    userMessage: 'The integration sent Fortnox an empty request; support has been notified.',
    kind: 'bug',
  },
  2001399: {
    meaning: 'unknown field name',
    userMessage: 'The integration sent Fortnox a field it does not know; support has been notified.',
    kind: 'bug',
  },
  2002115: {
    meaning: 'JSON syntax error',
    userMessage: 'The integration sent Fortnox malformed data; support has been notified.',
    kind: 'bug',
  },
  2002980: {
    meaning: 'OTHERCOSTS row cannot be housework',
    userMessage: 'A row marked as housework (ROT/RUT) has the type "other costs", which Fortnox does not allow.',
  },
  2003095: {
    meaning: 'preselected account missing',
    userMessage: `A preselected account is missing in Fortnox. ${ACCOUNT_FIX}`,
    kind: 'config',
  },
  2004021: {
    meaning: 'housework type does not match the tax reduction type',
    userMessage: "A housework row type does not match the invoice's ROT/RUT type.",
  },
  2004167: {
    meaning: 'account required on rows with a custom VAT rate (Easy VAT)',
    userMessage: 'Rows with a custom VAT rate need an account number in Fortnox (Easy VAT); set the account mapping.',
    kind: 'config',
  },
};

export function explainFortnoxCode(code: number | undefined): KnownFortnoxCode | undefined {
  return code === undefined ? undefined : FORTNOX_ERROR_CODES[code];
}
