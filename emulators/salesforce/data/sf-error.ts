// Salesforce's REST error shape: HTTP status + [{message, errorCode, fields}]. Collections
// report the same errors per record with `statusCode` instead of `errorCode`.
export class SfError extends Error {
  readonly status: number;
  readonly errorCode: string;
  readonly fields: string[];

  constructor(status: number, errorCode: string, message: string, fields: string[] = []) {
    super(message);
    this.status = status;
    this.errorCode = errorCode;
    this.fields = fields;
  }

  body(): Array<{ message: string; errorCode: string; fields?: string[] }> {
    return [
      { message: this.message, errorCode: this.errorCode, ...(this.fields.length ? { fields: this.fields } : {}) },
    ];
  }
}

export const sfError = {
  notFound: () => new SfError(404, 'NOT_FOUND', 'The requested resource does not exist'),
  // [unverified] status: 404 matches what DELETE of a recycled record returns in practice.
  entityIsDeleted: () => new SfError(404, 'ENTITY_IS_DELETED', 'entity is deleted'),
  invalidSession: () => new SfError(401, 'INVALID_SESSION_ID', 'Session expired or invalid'),
  malformedId: (label: string, value: string) =>
    new SfError(400, 'MALFORMED_ID', `${label}: id value of incorrect type: ${value}`, [label]),
  noSuchColumn: (field: string, object: string) =>
    new SfError(400, 'INVALID_FIELD', `No such column '${field}' on sobject of type ${object}`, [field]),
  notWritable: (fields: string[]) =>
    new SfError(
      400,
      'INVALID_FIELD_FOR_INSERT_UPDATE',
      `Unable to create/update fields: ${fields.join(', ')}. Please check the security settings of this field and verify that it is read/write for your user profile or permission set.`,
      fields,
    ),
  requiredMissing: (fields: string[]) =>
    new SfError(400, 'REQUIRED_FIELD_MISSING', `Required fields are missing: [${fields.join(', ')}]`, fields),
  stringTooLong: (label: string, value: string, max: number) =>
    new SfError(400, 'STRING_TOO_LONG', `${label}: data value too large: ${value.slice(0, 40)} (max length=${max})`, [
      label,
    ]),
  badPicklist: (label: string, value: string) =>
    new SfError(
      400,
      'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
      `${label}: bad value for restricted picklist field: ${value}`,
      [label],
    ),
  invalidEmail: (label: string, name: string, value: string) =>
    new SfError(400, 'INVALID_EMAIL_ADDRESS', `${label}: invalid email address: ${value}`, [name]),
  badValue: (type: string, value: unknown) =>
    new SfError(
      400,
      'JSON_PARSER_ERROR',
      `Cannot deserialize instance of ${type} from VALUE_STRING value ${String(value)} or request may be missing a required field`,
    ),
  integrity: (message: string, fields: string[] = []) => new SfError(400, 'FIELD_INTEGRITY_EXCEPTION', message, fields),
  crossReference: (field: string) =>
    new SfError(400, 'INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id`, [field]),
  invalidType: (name: string) => new SfError(404, 'NOT_FOUND', `The requested resource does not exist`, [name]),
  // [unverified] text and status; the code is what clients branch on.
  unableToLock: (id: string) =>
    new SfError(400, 'UNABLE_TO_LOCK_ROW', `unable to obtain exclusive access to this record or 1 records: ${id}`),
  requestLimit: () => new SfError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.'),
  validation: (message: string, fields: string[] = []) =>
    new SfError(400, 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message, fields),
  malformedQuery: (message: string) => new SfError(400, 'MALFORMED_QUERY', message),
  invalidQueryField: (message: string) => new SfError(400, 'INVALID_FIELD', message),
  invalidTypeInQuery: (name: string) =>
    new SfError(
      400,
      'INVALID_TYPE',
      `sObject type '${name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
    ),
};
