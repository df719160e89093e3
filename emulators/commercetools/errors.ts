/**
 * The commercetools error envelope: `{statusCode, message, errors[]}` where `message` is the first
 * error's message and each error carries a `code` discriminator plus code-specific fields [CT
 * types/error/ErrorResponse.raml]. Authentication errors add the OAuth `error` (and on the token
 * endpoint `error_description`) [types/error/AuthErrorResponse.raml, examples/Error/AuthErrorResponse.json].
 * Message texts follow the `description` templates of the error types; where a type gives none the
 * text is ours (the README lists them).
 */

export interface ErrorObject {
  code: string;
  message: string;
  [field: string]: unknown;
}

export class CtError extends Error {
  readonly status: number;
  readonly errors: ErrorObject[];
  /** OAuth-style errors carry the code at the top level too. */
  readonly oauth: { error: string; description: boolean } | undefined;

  constructor(status: number, errors: ErrorObject[], oauth?: { error: string; description: boolean }) {
    super(errors[0]?.message ?? 'error');
    this.status = status;
    this.errors = errors;
    this.oauth = oauth;
  }

  body(): Record<string, unknown> {
    const out: Record<string, unknown> = { statusCode: this.status, message: this.message, errors: this.errors };
    if (this.oauth) {
      out.error = this.oauth.error;
      if (this.oauth.description) out.error_description = this.message;
    }
    return out;
  }
}

const one = (status: number, code: string, message: string, extra: Record<string, unknown> = {}): CtError =>
  new CtError(status, [{ code, message, ...extra }]);

export const notFound = (id: string): CtError =>
  one(404, 'ResourceNotFound', `The Resource with ID '${id}' was not found.`);

export const concurrentModification = (id: string, expected: number, current: number): CtError =>
  one(
    409,
    'ConcurrentModification',
    `Object ${id} has a different version than expected. Expected: ${expected} - Actual: ${current}.`,
    { currentVersion: current },
  );

export const invalidInput = (message: string): CtError => one(400, 'InvalidInput', message);

export const invalidOperation = (message: string): CtError => one(400, 'InvalidOperation', message);

export const invalidJson = (detail: string): CtError =>
  one(400, 'InvalidJsonInput', 'Request body does not contain valid JSON.', { detailedErrorMessage: detail });

export const requiredField = (field: string): CtError =>
  one(400, 'RequiredField', `A value is required for field ${field}.`, { field });

export const duplicateField = (field: string, value: unknown): CtError =>
  one(400, 'DuplicateField', `A duplicate value '${JSON.stringify(value)}' exists for field '${field}'.`, {
    field,
    duplicateValue: value,
  });

export const referencedNotFound = (typeId: string, ref: { id?: string; key?: string }): CtError =>
  one(
    400,
    'ReferencedResourceNotFound',
    `The referenced object of type '${typeId}' ${ref.id ? `with id '${ref.id}'` : `with key '${ref.key}'`} was not found. It either doesn't exist, or it can't be accessed from this endpoint (e.g., if the endpoint filters by store or customer account).`,
    { typeId, ...ref },
  );

export const matchingPriceNotFound = (productId: string, variantId: number, currency: string): CtError =>
  one(
    400,
    'MatchingPriceNotFound',
    `The variant ${variantId} of product ${productId} does not contain a price for currency ${currency}.`,
    { productId, variantId, currency },
  );

export const missingTaxRate = (taxCategoryId: string, country: string): CtError =>
  one(400, 'MissingTaxRateForCountry', `Tax category ${taxCategoryId} is missing a tax rate for country ${country}.`, {
    taxCategoryId,
    country,
  });

export const countryNotInStore = (country: string, store: string, storeCountries: string[]): CtError =>
  one(400, 'CountryNotConfiguredInStore', `The country ${country} is not configured for the store ${store}.`, {
    storeCountries,
    country,
  });

export const invalidToken = (): CtError =>
  new CtError(401, [{ code: 'invalid_token', message: 'invalid_token' }], {
    error: 'invalid_token',
    description: false,
  });

export const insufficientScope = (scopes: readonly string[]): CtError =>
  new CtError(
    403,
    [
      {
        code: 'insufficient_scope',
        message: `Insufficient scope. One of the following scopes is missing: ${scopes.join(', ')}`,
      },
    ],
    { error: 'insufficient_scope', description: false },
  );

/** Token endpoint errors (RFC 6749 §5.2 codes inside the commercetools envelope). */
export const oauthError = (status: number, error: string, message: string): CtError =>
  new CtError(status, [{ code: error, message }], { error, description: true });
