import { expect } from 'chai';
import { parsePaymentModes, syncSettingsSchema } from '../../src/core/settings.ts';

describe('the modes of payment setting', () => {
  it('maps methods (case-insensitively) to a Fortnox mode of payment and account', () => {
    const modes = parsePaymentModes('card=KORT:1580, Swish = SWISH:1930');
    expect(modes).to.be.instanceOf(Map);
    const map = modes as Map<string, unknown>;
    expect(map.get('card')).to.deep.equal({ code: 'KORT', account: 1580 });
    expect(map.get('swish')).to.deep.equal({ code: 'SWISH', account: 1930 });
  });

  it('refuses a malformed entry or a method mapped twice with a message saying how to write it', () => {
    expect(parsePaymentModes('card=KORT')).to.equal(
      '“card=KORT” is not a mode of payment: write method=CODE:account, e.g. card=KORT:1580.',
    );
    expect(parsePaymentModes('card=KORT:1580,CARD=BG:1930')).to.equal('The payment method “card” is mapped twice.');
    const saved = syncSettingsSchema.shape.paymentModes.safeParse('klarna=:1581');
    expect(saved.success).to.equal(false);
  });
});
