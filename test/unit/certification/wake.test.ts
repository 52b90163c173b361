import fc from 'fast-check';
import { addDays, compareDates, daysBetween, jstDateOf } from '../../../domain/dates';
import { DEFAULT_RULE_VERSIONS, resolveRules, type CertificationRules } from '../../../domain/certification/rules';
import type { SlaState } from '../../../domain/certification/types';
import {
  nextWake,
  overallSlaOn,
  postponementCheckActs,
  wakeCandidates,
  wakeInstant,
  wakeMinuteOfDay,
  wakeTime,
  WAKE_WINDOW,
  type SlaClock,
  type WakeFacts,
} from '../../../domain/certification/wake';

const rules = resolveRules(DEFAULT_RULE_VERSIONS, '2026-04-01');

/** A new application on appliedOn, checked at intake: 意見書 requested that day, no survey yet. */
function intake(appliedOn: string, over: Partial<WakeFacts> = {}): WakeFacts {
  return {
    checkedOn: appliedOn,
    dueOn: addDays(appliedOn, 30),
    reminderOn: addDays(appliedOn, rules.opinionReminderIntervalDays),
    postponement: {
      checkFrom: addDays(appliedOn, 30 - rules.postponementNoticeLeadDays),
      type: 'new',
      boardOn: null,
      renewalConsentToSkip: false,
      currentExpiry: null,
      omissionRecorded: false,
    },
    sla: {
      clocks: [{ startedOn: appliedOn, targetDays: rules.opinionTargetDays, completedOn: null, holds: [] }],
      last: 'on_track',
    },
    ...over,
  };
}

/**
 * The former daily check, day by day: the first day after checkedOn on which it would have done anything (or
 * woken for the 処分期限), within `horizon` days.
 */
function dailyReference(f: WakeFacts, r: CertificationRules, horizon = 2000): string | null {
  for (let d = addDays(f.checkedOn, 1), n = 0; n < horizon; d = addDays(d, 1), n++) {
    if (f.reminderOn && compareDates(d, f.reminderOn) >= 0) return d;
    const p = f.postponement;
    if (p && compareDates(d, p.checkFrom) >= 0 && postponementCheckActs(p, f.dueOn, r, d)) return d;
    if (overallSlaOn(f.sla.clocks, r.slaAtRiskRatio, d) !== f.sla.last) return d;
    if (d === f.dueOn) return d;
  }
  return null;
}

describe('nextWake', () => {
  it('a new case wakes first when its 意見書 clock turns 要注意, not every night', () => {
    const f = intake('2026-04-01');
    // 13 days × 0.7 = 9.1 → day 10 is 要注意; the 督促 (14 days) and the 延期通知 check (due − 5) come later
    expect(wakeCandidates(f, rules)).toEqual([
      { on: '2026-04-11', why: 'sla_boundary' },
      { on: '2026-04-15', why: 'reminder' },
      { on: '2026-04-26', why: 'postponement_check' },
      { on: '2026-05-01', why: 'decision_due' },
    ]);
    expect(nextWake(f, rules)).toBe('2026-04-11');
  });

  it('after the 要注意 wake, the next is the 督促; after it the 超過 day', () => {
    expect(
      nextWake(
        intake('2026-04-01', { checkedOn: '2026-04-11', sla: { ...intake('2026-04-01').sla, last: 'at_risk' } }),
        rules,
      ),
    ).toBe('2026-04-15');
    const clocks = intake('2026-04-01').sla.clocks;
    // 超過 when more than 13 days have elapsed: 04-15 (elapsed 14)
    expect(overallSlaOn(clocks, rules.slaAtRiskRatio, '2026-04-14')).toBe('at_risk');
    expect(overallSlaOn(clocks, rules.slaAtRiskRatio, '2026-04-15')).toBe('breached');
  });

  it('a clock on 保留 does not move: no SLA wake while it lasts', () => {
    const f = intake('2026-04-01', {
      checkedOn: '2026-04-05',
      reminderOn: null,
      postponement: null,
      dueOn: '2026-04-01',
      sla: {
        clocks: [
          { startedOn: '2026-04-01', targetDays: 13, completedOn: null, holds: [{ from: '2026-04-03', to: null }] },
        ],
        last: 'on_track',
      },
    });
    expect(nextWake(f, rules)).toBeNull();
  });

  it('a lifted 保留 moves the boundary by the days held', () => {
    const f = intake('2026-04-01', {
      checkedOn: '2026-04-10',
      reminderOn: null,
      postponement: null,
      dueOn: '2026-04-01',
      sla: {
        clocks: [
          {
            startedOn: '2026-04-01',
            targetDays: 13,
            completedOn: null,
            holds: [{ from: '2026-04-03', to: '2026-04-08' }],
          },
        ],
        last: 'on_track',
      },
    });
    // 5 days held: 要注意 at elapsed 10 → 04-16
    expect(nextWake(f, rules)).toBe('2026-04-16');
  });

  it('with the board fixed in time, the 延期通知 is not needed: the check wakes the day after the 処分期限', () => {
    const f = intake('2026-04-01', {
      checkedOn: '2026-04-26',
      reminderOn: null,
      sla: { clocks: [], last: 'done' },
      postponement: { ...intake('2026-04-01').postponement!, boardOn: '2026-04-24' },
    });
    expect(wakeCandidates(f, rules)).toEqual([
      { on: '2026-05-01', why: 'decision_due' },
      { on: '2026-05-02', why: 'postponement_check' },
    ]);
  });

  it('after a 延期通知, the check wakes the day its 処理見込期間 passes', () => {
    const f = intake('2026-04-01', {
      checkedOn: '2026-04-27',
      reminderOn: null,
      dueOn: '2026-05-01',
      sla: { clocks: [], last: 'done' },
      postponement: { ...intake('2026-04-01').postponement!, checkFrom: '2026-05-27' },
    });
    expect(wakeCandidates(f, rules)).toEqual([
      { on: '2026-05-01', why: 'decision_due' },
      { on: '2026-05-27', why: 'postponement_check' },
    ]);
    expect(nextWake({ ...f, checkedOn: '2026-05-01' }, rules)).toBe('2026-05-27');
  });

  it('更新 with prior consent: wakes once to record the omission, then when the current validity would be passed', () => {
    const p = {
      ...intake('2026-04-01').postponement!,
      type: 'renewal' as const,
      renewalConsentToSkip: true,
      currentExpiry: '2026-06-30',
    };
    const base = intake('2026-04-01', { checkedOn: '2026-04-20', reminderOn: null, sla: { clocks: [], last: 'done' } });
    expect(nextWake({ ...base, dueOn: '2026-04-01', postponement: p }, rules)).toBe('2026-04-26');
    // omission recorded: required once today + 30 > 06-30, i.e. from 06-01
    expect(nextWake({ ...base, dueOn: '2026-04-01', postponement: { ...p, omissionRecorded: true } }, rules)).toBe(
      '2026-06-01',
    );
  });

  it('a date already passed (found after an Update) wakes the day after the last check', () => {
    const f = intake('2026-04-01', { checkedOn: '2026-04-20', reminderOn: '2026-04-15' });
    expect(wakeCandidates(f, rules)[0]).toEqual({ on: '2026-04-21', why: 'reminder' });
  });

  it.each([
    ['year end', '2026-12-20'],
    ['leap day', '2028-02-10'],
    ['month end', '2027-01-31'],
  ])('over the %s the dates are calendar days', (_name, appliedOn) => {
    const f = intake(appliedOn);
    for (const c of wakeCandidates(f, rules)) expect(daysBetween(appliedOn, c.on)).toBeGreaterThan(0);
    expect(wakeCandidates(f, rules).map((c) => daysBetween(appliedOn, c.on))).toEqual([10, 14, 25, 30]);
  });

  it('is the first day the former daily check would have acted (any facts)', () => {
    const date = fc.integer({ min: 0, max: 3 * 365 }).map((n) => addDays('2026-01-01', n));
    const clock = (checkedOn: string) =>
      fc
        .record({
          back: fc.integer({ min: 0, max: 30 }),
          target: fc.integer({ min: 1, max: 30 }),
          done: fc.boolean(),
          hold: fc.constantFrom('none', 'closed', 'open'),
          a: fc.integer({ min: 0, max: 30 }),
          b: fc.integer({ min: 0, max: 30 }),
        })
        .map(({ back, target, done, hold, a, b }): SlaClock => {
          const startedOn = addDays(checkedOn, -back);
          const from = addDays(startedOn, Math.min(a, back));
          const to = addDays(from, Math.min(b, daysBetween(from, checkedOn)));
          return {
            startedOn,
            targetDays: target,
            completedOn: done ? checkedOn : null,
            holds: hold === 'none' ? [] : [{ from, to: hold === 'open' ? null : to }],
          };
        });
    const facts = date.chain((checkedOn) =>
      fc.record({
        checkedOn: fc.constant(checkedOn),
        dueOn: fc.integer({ min: -40, max: 40 }).map((n) => addDays(checkedOn, n)),
        reminderOn: fc.option(
          fc.integer({ min: -20, max: 30 }).map((n) => addDays(checkedOn, n)),
          { nil: null },
        ),
        postponement: fc.option(
          fc.record({
            checkFrom: fc.integer({ min: -20, max: 40 }).map((n) => addDays(checkedOn, n)),
            type: fc.constantFrom('new' as const, 'renewal' as const, 'level_change' as const),
            boardOn: fc.option(
              fc.integer({ min: -10, max: 60 }).map((n) => addDays(checkedOn, n)),
              { nil: null },
            ),
            renewalConsentToSkip: fc.boolean(),
            currentExpiry: fc.option(
              fc.integer({ min: -30, max: 400 }).map((n) => addDays(checkedOn, n)),
              { nil: null },
            ),
            omissionRecorded: fc.boolean(),
          }),
          { nil: null },
        ),
        sla: fc.record({
          clocks: fc.array(clock(checkedOn), { maxLength: 3 }),
          last: fc.constantFrom<SlaState | null>('done', 'on_track', 'at_risk', 'breached', null),
        }),
      }),
    );
    const ratio = fc.constantFrom(0.5, 0.7, 0.8, 0.9);
    fc.assert(
      fc.property(facts, ratio, (f, slaAtRiskRatio) => {
        const r = { ...rules, slaAtRiskRatio };
        expect(nextWake(f, r)).toBe(dailyReference(f, r));
      }),
      { numRuns: 400 },
    );
  });
});

describe('wakeMinuteOfDay', () => {
  it('lies in 00:30–05:30 and is the same for the same case', () => {
    fc.assert(
      fc.property(fc.string(), (id) => {
        const m = wakeMinuteOfDay(id);
        expect(m).toBeGreaterThanOrEqual(30);
        expect(m).toBeLessThan(330);
        expect(wakeMinuteOfDay(id)).toBe(m);
      }),
    );
  });

  it('spreads 100,000 cases of one insurer over the window: no minute holds more than 0.5 %', () => {
    const perMinute = new Map<number, number>();
    for (let n = 1; n <= 100_000; n++) {
      const m = wakeMinuteOfDay(`cert-132012-${String(n).padStart(8, '0')}`);
      perMinute.set(m, (perMinute.get(m) ?? 0) + 1);
    }
    expect(perMinute.size).toBe(WAKE_WINDOW.minutes);
    expect(Math.max(...perMinute.values())).toBeLessThan(500);
  });
});

describe('wakeTime', () => {
  it('is the wake minute of the date, in Japan', () => {
    expect(new Date(wakeInstant('2027-01-01', 30)).toISOString()).toBe('2026-12-31T15:30:00.000Z');
    expect(jstDateOf(wakeInstant('2027-01-01', 329))).toBe('2027-01-01');
  });

  it('a date whose wake has passed wakes at the next wake minute from now', () => {
    const minute = 120; // 02:00
    const atOne = Date.parse('2026-04-20T01:00:00+09:00');
    const atThree = Date.parse('2026-04-20T03:00:00+09:00');
    expect(wakeTime('2026-04-25', minute, atOne)).toBe(Date.parse('2026-04-25T02:00:00+09:00'));
    expect(wakeTime('2026-04-15', minute, atOne)).toBe(Date.parse('2026-04-20T02:00:00+09:00'));
    expect(wakeTime('2026-04-20', minute, atThree)).toBe(Date.parse('2026-04-21T02:00:00+09:00'));
    // 23:30 JST on the 20th is 14:30 UTC: the next wake is on the 21st
    expect(wakeTime('2026-04-15', minute, Date.parse('2026-04-20T23:30:00+09:00'))).toBe(
      Date.parse('2026-04-21T02:00:00+09:00'),
    );
  });
});
