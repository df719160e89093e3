/**
 * A small, valid PDF writer (correct xref offsets, several pages) for the invoice preview. Text is
 * set in the standard Helvetica fonts with `/Encoding /WinAnsiEncoding` and written as WinAnsi
 * (cp1252) bytes, so å, ä, ö, é and € survive — the PDF 1.7 spec's Annex D table; characters
 * outside it become "?".
 */

export interface PdfText {
  x: number;
  y: number;
  text: string;
  size?: number;
  bold?: boolean;
  /** Right-align at x (amount columns). */
  right?: boolean;
}

/** cp1252's 0x80–0x9F block; everything else up to U+00FF is Latin-1 and maps to itself. */
const CP1252: Record<string, number> = {
  '€': 0x80,
  '‚': 0x82,
  '„': 0x84,
  '…': 0x85,
  '–': 0x96,
  '—': 0x97,
  '‘': 0x91,
  '’': 0x92,
  '“': 0x93,
  '”': 0x94,
  '•': 0x95,
  '™': 0x99,
};

export function winAnsi(text: string): Buffer {
  const bytes = [...text].map((c) => {
    const code = c.codePointAt(0) ?? 0x3f;
    if (code >= 0x20 && code <= 0x7e) return code;
    if (code >= 0xa0 && code <= 0xff) return code;
    return CP1252[c] ?? 0x3f;
  });
  return Buffer.from(bytes);
}

/** A PDF string literal: ( ) and \ escaped, bytes above 0x7E as octal so the file stays 7-bit clean. */
function literal(text: string): string {
  let out = '';
  for (const b of winAnsi(text)) {
    if (b === 0x28 || b === 0x29 || b === 0x5c) out += `\\${String.fromCharCode(b)}`;
    else if (b > 0x7e) out += `\\${b.toString(8).padStart(3, '0')}`;
    else out += String.fromCharCode(b);
  }
  return `(${out})`;
}

// Helvetica's average glyph width is about half its size; right alignment only needs to be close.
const width = (text: string, size: number): number => text.length * size * 0.5;

function content(items: PdfText[]): string {
  return items
    .map((i) => {
      const size = i.size ?? 10;
      const x = i.right ? i.x - width(i.text, size) : i.x;
      return `BT /${i.bold ? 'F2' : 'F1'} ${size} Tf ${x.toFixed(1)} ${i.y.toFixed(1)} Td ${literal(i.text)} Tj ET`;
    })
    .join('\n');
}

export function simplePdf(pages: PdfText[][]): Buffer {
  const font = (base: string): string =>
    `<< /Type /Font /Subtype /Type1 /BaseFont /${base} /Encoding /WinAnsiEncoding >>`;
  const pageIds = pages.map((_, i) => 5 + i * 2);
  const objects: string[] = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`,
    font('Helvetica'),
    font('Helvetica-Bold'),
  ];
  for (const [i, items] of pages.entries()) {
    const stream = content(items);
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents ${(pageIds[i] ?? 0) + 1} 0 R >>`,
      `<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`,
    );
  }
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (const [i, body] of objects.entries()) {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  }
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
