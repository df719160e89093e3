/**
 * Decoding an SIE file's bytes. SIE 4B §5.8: "The character set used in the file is to be IBM PC
 * 8-bits extended ASCII (Codepage 437)", declared `#FORMAT PC8`. Node's TextDecoder has no CP437,
 * so the upper half is tabulated here (IBM code page 437; å 0x86, ä 0x84, ö 0x94, Å 0x8F, Ä 0x8E,
 * Ö 0x99, é 0x82). Bytes below 0x80 are ASCII; SIE forbids control characters in text (§5.7), so
 * the CP437 pictures for 0x01–0x1F are not used.
 *
 * In practice some programs write Latin-1/Windows-1252 or UTF-8 and still say PC8 (the reference,
 * §2.5: "some files are not valid CP437 … decode leniently"). CP437 maps every byte, so a wrong
 * guess never fails — it turns "Försäljning" into "F÷rsΣljning". The tell is the Swedish letters:
 * a file with Latin-1 or UTF-8 å/ä/ö and not one CP437 å/ä/ö is read that way, with a warning.
 */

const UPPER =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐' +
  '└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';

export function decodeCp437(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b < 0x80 ? String.fromCharCode(b) : (UPPER[b - 0x80] ?? '\ufffd');
  return out;
}

export type SieEncoding = 'cp437' | 'latin1' | 'utf8';

export interface Decoded {
  text: string;
  encoding: SieEncoding;
  warning?: string;
}

/** CP437 å ä ö Å Ä Ö. */
const CP437_SWEDISH = new Set([0x86, 0x84, 0x94, 0x8f, 0x8e, 0x99]);
/** Latin-1 / Windows-1252 å ä ö Å Ä Ö. */
const LATIN1_SWEDISH = new Set([0xe5, 0xe4, 0xf6, 0xc5, 0xc4, 0xd6]);

function count(bytes: Uint8Array, set: Set<number>): number {
  let n = 0;
  for (const b of bytes) if (set.has(b)) n++;
  return n;
}

function utf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** The file's text, read as CP437 unless its Swedish letters show it was written otherwise. */
export function decodeSie(bytes: Uint8Array, forced?: SieEncoding): Decoded {
  if (forced === 'latin1') return { text: new TextDecoder('latin1').decode(bytes), encoding: 'latin1' };
  if (forced === 'utf8') return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'utf8' };
  if (forced === 'cp437' || count(bytes, CP437_SWEDISH) > 0) return { text: decodeCp437(bytes), encoding: 'cp437' };
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const asUtf8 = bom || bytes.some((b) => b >= 0x80) ? utf8(bytes) : undefined;
  if (asUtf8 !== undefined && /[åäöÅÄÖéü]/.test(asUtf8)) {
    return {
      text: asUtf8.replace(/^\ufeff/, ''),
      encoding: 'utf8',
      warning: 'the file is UTF-8, not PC8 (CP437) as SIE requires; it was read as UTF-8',
    };
  }
  if (count(bytes, LATIN1_SWEDISH) > 0) {
    return {
      text: new TextDecoder('latin1').decode(bytes),
      encoding: 'latin1',
      warning: 'the file is Latin-1/Windows-1252, not PC8 (CP437) as SIE requires; it was read as Latin-1',
    };
  }
  return { text: decodeCp437(bytes), encoding: 'cp437' };
}
