/**
 * The little of multipart/form-data (RFC 7578) a dashboard upload form needs: text fields and one
 * or more files, read from a body already in memory (the route caps its size). File bytes are kept
 * as bytes — an SIE file is CP437, so nothing here may decode it as text.
 */

export interface MultipartForm {
  fields: Map<string, string>;
  files: Map<string, { filename: string; bytes: Uint8Array }>;
}

/** The boundary of a `multipart/form-data; boundary=…` content type; undefined for anything else. */
export function boundaryOf(contentType: string | undefined): string | undefined {
  if (contentType === undefined || !/^multipart\/form-data\s*;/i.test(contentType)) return undefined;
  const m = /boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  return m?.[1] ?? m?.[2];
}

function indexOf(haystack: Buffer, needle: Buffer, from: number): number {
  return haystack.indexOf(needle, from);
}

/** Parses the body; undefined when it is not well-formed multipart for that boundary. */
export function parseMultipart(body: Buffer, boundary: string): MultipartForm | undefined {
  const form: MultipartForm = { fields: new Map(), files: new Map() };
  const delimiter = Buffer.from(`--${boundary}`);
  let at = indexOf(body, delimiter, 0);
  if (at < 0) return undefined;
  for (;;) {
    at += delimiter.length;
    if (body.subarray(at, at + 2).toString('latin1') === '--') return form; // the closing delimiter
    if (body.subarray(at, at + 2).toString('latin1') !== '\r\n') return undefined;
    at += 2;
    const headerEnd = indexOf(body, Buffer.from('\r\n\r\n'), at);
    if (headerEnd < 0) return undefined;
    const headers = body.subarray(at, headerEnd).toString('utf8');
    const next = indexOf(body, Buffer.from(`\r\n--${boundary}`), headerEnd + 4);
    if (next < 0) return undefined;
    const content = body.subarray(headerEnd + 4, next);
    const disposition = /content-disposition:\s*form-data\s*;([^\r\n]*)/i.exec(headers)?.[1] ?? '';
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
    if (name === undefined) return undefined;
    if (filename !== undefined) form.files.set(name, { filename, bytes: new Uint8Array(content) });
    else form.fields.set(name, content.toString('utf8'));
    at = next + 2;
  }
}
