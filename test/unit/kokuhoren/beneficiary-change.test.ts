/** 受給者異動 mapping and batches (domain/kokuhoren/beneficiary-change.ts): records, 異動区分, 訂正区分, the CSV. */
import {
  beneficiaryRecordOf,
  buildBatch,
  contentOf,
  kokuhorenCsv,
  KOKUHOREN_COLUMNS,
  recordKey,
  type PersonSnapshot,
} from '../../../domain/kokuhoren/beneficiary-change';

const person: PersonSnapshot = {
  insurerNo: '432130',
  insuredNo: '0000100001',
  kana: 'ウキ タロウ',
  birthDate: '1940-02-29',
  sex: '1',
  careLevel: 'care_1',
  certifiedOn: '2026-05-20',
  certValidFrom: '2026-06-01',
  certValidTo: '2027-05-31',
  planOfficeNo: '4371300011',
  planOfficeKind: 'home_care_support',
  planNotifiedOn: '2026-06-03',
  copayRatio: 1,
  copayValidFrom: '2026-08-01',
  restrictions: [{ kind: 'payment_method_change', validFrom: '2026-10-01', validTo: null }],
  lostOn: null,
};

describe('beneficiaryRecordOf', () => {
  it("a 認定 takes the payload's level and period, the rest from the register", () => {
    const r = beneficiaryRecordOf(
      {
        insuredNo: person.insuredNo,
        careLevel: 'care_3',
        validFrom: '2026-12-01',
        validTo: '2027-11-30',
        certifiedOn: '2026-11-28',
      },
      person,
    )!;
    expect(r).toMatchObject({
      changedOn: '20261201',
      reason: '01',
      careLevel: '23',
      certValidFrom: '20261201',
      certValidTo: '20271130',
      certifiedOn: '20261128',
      birthDate: '19400229',
      planKind: '1',
      planOfficeNo: '4371300011',
      restrictionKind: '1',
      restrictionFrom: '20261001',
      restrictionTo: '',
      copayRatio: '1',
    });
  });

  it('a 認定取消 is 異動事由 06 from the 申出日, with the new 終了日 (blank when nothing remains)', () => {
    const payload = {
      event: 'certification_cancellation',
      insuredNo: person.insuredNo,
      invalidFrom: '2026-11-20',
      careLevel: 'care_1',
      validFrom: '2026-06-01',
      validTo: '2026-11-19',
      certifiedOn: '2026-05-20',
    };
    expect(beneficiaryRecordOf(payload, person)).toMatchObject({
      changedOn: '20261120',
      reason: '06',
      careLevel: '21',
      certValidFrom: '20260601',
      certValidTo: '20261119',
      certifiedOn: '20260520',
    });
    const whole = beneficiaryRecordOf({ ...payload, invalidFrom: '2026-06-01', validTo: null }, person)!;
    expect([whole.changedOn, whole.certValidTo]).toEqual(['20260601', '']);
    expect(beneficiaryRecordOf({ ...payload, invalidFrom: null }, person)).toBeNull();
  });

  it('a 居宅届 by a 地域包括 is 作成区分 2 with its 届出年月日; a restriction not yet begun is not shown', () => {
    const r = beneficiaryRecordOf(
      {
        officeNo: '4371300099',
        officeKind: 'community_support_center',
        startDate: '2026-09-01',
        notifiedOn: '2026-08-25',
      },
      person,
    )!;
    expect(r).toMatchObject({ reason: '02', changedOn: '20260901', planKind: '2', planOfficeNo: '4371300099' });
    expect(r.planNotifiedOn).toBe('20260825');
    expect(r.restrictionKind).toBe('');
  });

  it('a withdrawn 給付制限 reports its start with no restriction; unknown payloads make no record', () => {
    const r = beneficiaryRecordOf(
      { event: 'benefit_restriction', changedOn: '2026-10-01', restriction: null },
      person,
    )!;
    expect(r).toMatchObject({ reason: '03', changedOn: '20261001', restrictionKind: '', restrictionFrom: '' });
    expect(beneficiaryRecordOf({ something: 'else' }, person)).toBeNull();
    expect(beneficiaryRecordOf({ event: 'copay' }, person)).toBeNull();
  });
});

describe('buildBatch', () => {
  const cert = beneficiaryRecordOf({ careLevel: 'care_2', validFrom: '2026-12-01', validTo: '2027-11-30' }, person)!;
  const loss = beneficiaryRecordOf({ event: 'loss', lostOn: '2026-12-10' }, person)!;

  it('新規 for a person never sent, 変更 after, 終了 for a 資格喪失', () => {
    const { records } = buildBatch(
      [
        { outboxId: 'a', record: cert },
        { outboxId: 'b', record: loss },
      ],
      { lastSentByKey: new Map(), personsSent: new Set() },
    );
    expect(records.map((r) => [r.seq, r.changeKind, r.correction])).toEqual([
      [1, '1', '0'],
      [2, '3', '0'],
    ]);
    const later = buildBatch([{ outboxId: 'c', record: { ...cert, changedOn: '20271201' } }], {
      lastSentByKey: new Map(),
      personsSent: new Set([person.insuredNo]),
    });
    expect(later.records[0].changeKind).toBe('2');
  });

  it('a changed record of a sent key is a 訂正 keeping its 異動区分; the same content is not sent again', () => {
    const sent = new Map([[recordKey(cert), { content: contentOf(cert), changeKind: '1' }]]);
    const history = { lastSentByKey: sent, personsSent: new Set([person.insuredNo]) };
    const same = buildBatch([{ outboxId: 'x', record: cert }], history);
    expect(same.records).toEqual([]);
    expect(same.handled).toEqual(['x']);
    const fixed = buildBatch([{ outboxId: 'y', record: { ...cert, careLevel: '23' } }], history);
    expect(fixed.records.map((r) => [r.changeKind, r.correction, r.careLevel])).toEqual([['1', '1', '23']]);
  });

  it('a key queued twice before the export is sent once with the later content', () => {
    const { records, handled } = buildBatch(
      [
        { outboxId: 'a', record: cert },
        { outboxId: 'b', record: { ...cert, certValidTo: '20281130' } },
      ],
      { lastSentByKey: new Map(), personsSent: new Set() },
    );
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ certValidTo: '20281130', outboxIds: ['a', 'b'] });
    expect(handled).toEqual(['a', 'b']);
  });
});

describe('kokuhorenCsv', () => {
  it('writes the header and one quoted line per record, CRLF, the same bytes for the same records', () => {
    const { records } = buildBatch(
      [{ outboxId: 'a', record: beneficiaryRecordOf({ event: 'loss', lostOn: '2026-12-10' }, person)! }],
      { lastSentByKey: new Map(), personsSent: new Set() },
    );
    const csv = kokuhorenCsv(records);
    const lines = csv.split('\r\n');
    expect(lines[0].split(',')).toHaveLength(KOKUHOREN_COLUMNS.length);
    expect(lines[1].startsWith('"1","0","20261210","3","05","432130","0000100001","ウキ タロウ"')).toBe(true);
    expect(lines[2]).toBe('');
    expect(kokuhorenCsv(records)).toBe(csv);
  });
});
