import { cancellationEffect, cancellationRefusal } from '../../../domain/certification/cancellation';

const cert = { level: 'care_2' as const, validFrom: '2026-04-01', validTo: '2027-03-31' };

describe('cancellationRefusal (認定の取消)', () => {
  it('accepted on the expiry day, refused the day after', () => {
    expect(
      cancellationRefusal({ certification: cert, requestedOn: '2027-03-31', pendingApplication: null }),
    ).toBeNull();
    expect(cancellationRefusal({ certification: cert, requestedOn: '2027-04-01', pendingApplication: null })).toBe(
      '有効期間（令和9年3月31日まで）が満了しているため、認定を取り消すことはできません',
    );
  });
  it('refused while a 更新 or 区分変更 is pending; a pending 新規 does not stand in the way', () => {
    const on = { certification: cert, requestedOn: '2026-10-01' };
    expect(cancellationRefusal({ ...on, pendingApplication: 'renewal' })).toMatch(/^更新の申請中/);
    expect(cancellationRefusal({ ...on, pendingApplication: 'level_change' })).toMatch(/^区分変更の申請中/);
    expect(cancellationRefusal({ ...on, pendingApplication: 'new' })).toBeNull();
  });
  it('nothing to cancel: no certification, or 非該当', () => {
    expect(cancellationRefusal({ certification: null, requestedOn: '2026-10-01', pendingApplication: null })).toBe(
      '取り消す認定がありません',
    );
    expect(
      cancellationRefusal({
        certification: { ...cert, level: 'non_applicable' },
        requestedOn: '2026-10-01',
        pendingApplication: null,
      }),
    ).toBe('取り消す認定がありません');
  });
});

describe('cancellationEffect', () => {
  it('invalid from the 申出日: the validity ends the day before', () => {
    expect(cancellationEffect(cert, '2026-10-01')).toEqual({
      invalidFrom: '2026-10-01',
      validTo: '2026-09-30',
      void: false,
    });
    expect(cancellationEffect(cert, '2027-03-31')).toEqual({
      invalidFrom: '2027-03-31',
      validTo: '2027-03-30',
      void: false,
    });
  });
  it('on (or before) the first day nothing remains: void', () => {
    expect(cancellationEffect(cert, '2026-04-01')).toEqual({ invalidFrom: '2026-04-01', validTo: null, void: true });
    expect(cancellationEffect(cert, '2026-03-15')).toEqual({ invalidFrom: '2026-04-01', validTo: null, void: true });
  });
});
