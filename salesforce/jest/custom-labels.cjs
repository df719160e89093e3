// Without this, sfdx-lwc-jest resolves `@salesforce/label/c.X` to the string "c.X". Mocking every
// label with its English value from CustomLabels.labels-meta.xml lets the tests assert the text a
// rep reads, and a component import of a label that does not exist shows up as "c.X" on the card.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const LABELS_FILE = join(__dirname, '../force-app/main/default/labels/CustomLabels.labels-meta.xml');
const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text) {
  return text.replace(/&(amp|lt|gt|quot|apos);/g, (_, name) => ENTITIES[name]);
}

const xml = readFileSync(LABELS_FILE, 'utf8');
for (const [, body] of xml.matchAll(/<labels>([\s\S]*?)<\/labels>/g)) {
  const name = /<fullName>([^<]+)<\/fullName>/.exec(body)?.[1];
  const value = decode(/<value>([^<]*)<\/value>/.exec(body)?.[1] ?? '');
  // doMock, not mock: it is not hoisted, so the factory may use the loop's values.
  jest.doMock(`@salesforce/label/c.${name}`, () => ({ __esModule: true, default: value }), { virtual: true });
}
