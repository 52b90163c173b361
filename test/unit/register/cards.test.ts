import { cardInForce } from '../../../domain/register/cards';

describe('被保険者証と資格者証', () => {
  it('a hand-in gives a 資格者証 until a certification is decided on or after it', () => {
    expect(cardInForce({ surrenderedOn: null, certifiedOn: '2026-01-10' })).toBe('insured_card');
    expect(cardInForce({ surrenderedOn: '2026-11-01', certifiedOn: '2026-01-10' })).toBe('qualification_card');
    expect(cardInForce({ surrenderedOn: '2026-11-01', certifiedOn: null })).toBe('qualification_card');
    expect(cardInForce({ surrenderedOn: '2026-11-01', certifiedOn: '2026-11-01' })).toBe('insured_card');
    expect(cardInForce({ surrenderedOn: '2026-11-01', certifiedOn: '2026-11-28' })).toBe('insured_card');
  });
});
