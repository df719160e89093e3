// Hand-written metadata fails in an org on a misspelt element ("Element {…}locX invalid at this
// location"), which source-deploy-retrieve does not look for. Salesforce's published Metadata API
// types (@salesforce/types) name every field of every type, so the check can run offline.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { XMLParser } from 'fast-xml-parser';
import { filesUnder, SALESFORCE_DIR, sfdxProject } from './metadata.ts';
import { loadMetadataTypes, type MetadataTypes, unknownElements } from './metadata-types.ts';

const parser = new XMLParser({ ignoreAttributes: true, ignoreDeclaration: true, parseTagValue: false });

function metadataFiles(): string[] {
  return sfdxProject.packageDirectories.flatMap(({ path }) =>
    filesUnder(join(SALESFORCE_DIR, path))
      .filter((file) => file.endsWith('-meta.xml') && !file.includes('__tests__'))
      .map((file) => join(path, file)),
  );
}

describe('salesforce/: every element is a field of its Metadata API type', () => {
  let types: MetadataTypes;
  before(() => {
    types = loadMetadataTypes();
  });

  it('reads the Metadata API types Salesforce publishes', () => {
    expect(types.get('CustomField')?.get('valueSet')).to.equal('ValueSet');
    expect(types.get('FlowRecordCreate')?.get('inputAssignments')).to.equal('FlowInputFieldAssignment');
    // Inherited through `FlowNode & { … }` and `Metadata & { … }`.
    expect(types.get('FlowRecordCreate')?.has('locationX')).to.equal(true);
    expect(types.get('FlexiPage')?.has('fullName')).to.equal(true);
  });

  it('finds a misspelt element, nested or not', () => {
    const flow = parser.parse('<Flow><label>x</label><recordCreates><locX>1</locX></recordCreates></Flow>');
    expect(unknownElements(types, 'Flow', flow.Flow, 'Flow')).to.deep.equal([
      'Flow/recordCreates/locX (not a field of FlowRecordCreate)',
    ]);
  });

  it('holds for every metadata file in both package directories', () => {
    const files = metadataFiles();
    expect(files.length).to.be.greaterThan(40);
    const problems = files.flatMap((file) => {
      const parsed: Record<string, unknown> = parser.parse(readFileSync(join(SALESFORCE_DIR, file), 'utf8'));
      const [root = '', body] = Object.entries(parsed)[0] ?? [];
      if (!types.has(root)) return [`${file}: ${root} is not a Metadata API type`];
      return unknownElements(types, root, body, file);
    });
    expect(problems).to.deep.equal([]);
  });
});
