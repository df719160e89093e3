import { expect } from 'chai';
type X = { a: number };
describe('smoke', () => { it('runs ts', () => { const x: X = { a: 1 }; expect(x.a).to.equal(1); }); });
