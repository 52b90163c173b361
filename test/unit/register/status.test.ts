import { lossDateProblem, lossFromCaseEvent, statusActive } from '../../../domain/register/status';

describe('資格喪失', () => {
  it('reads a loss from the case steps that record one, and nothing else', () => {
    expect(lossFromCaseEvent('deceased', { diedOn: '2026-11-01', continues: true })).toEqual({
      reason: 'deceased',
      lostOn: '2026-11-01',
    });
    expect(lossFromCaseEvent('rejected_deceased', { diedOn: '2026-10-01' })).toEqual({
      reason: 'deceased',
      lostOn: '2026-10-01',
    });
    expect(lossFromCaseEvent('moved_out', { movedOutOn: '2026-09-30', reason: '転出のため' })).toEqual({
      reason: 'moved_out',
      lostOn: '2026-09-30',
    });
    expect(lossFromCaseEvent('withdrawn', { withdrawnOn: '2026-09-30' })).toBeNull();
    expect(lossFromCaseEvent('deceased', {})).toBeNull();
    expect(lossFromCaseEvent('moved_out', undefined)).toBeNull();
  });

  it('checks the loss date: not in the future, not before birth', () => {
    expect(lossDateProblem('2026-12-04', '2026-12-04', '1940-01-01')).toBeNull();
    expect(lossDateProblem('2026-12-05', '2026-12-04', '1940-01-01')).toBe('資格喪失日に未来の日付は入力できません');
    expect(lossDateProblem('1939-12-31', '2026-12-04', '1940-01-01')).toBe('資格喪失日が生年月日より前です');
  });

  it('only an active status lets anything new start', () => {
    expect(statusActive('active')).toBe(true);
    for (const s of ['deceased', 'moved_out', 'excluded']) expect(statusActive(s)).toBe(false);
  });
});
