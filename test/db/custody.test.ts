/**
 * db/custody.ts on every database: one open agreement per office and person, one take-out without a return per card
 * (in the transaction and by the unique index), every query scoped to the office and its insurer, handler grants.
 */
import type { Knex } from 'knex';
import * as custody from '../../db/custody';
import { DEMO_INSURER_NO } from '../../db/seeds/demo';
import { databases, insertInsurerAndOffices, insertOfficeUser } from './databases';

const FACILITY = { officeNo: '4370100045', insurerNo: DEMO_INSURER_NO };
const OTHER = { officeNo: '4370100011', insurerNo: DEMO_INSURER_NO };
const WRONG_INSURER = { officeNo: '4370100045', insurerNo: '439999' };
const PERSON = '0000100006';

describe.each(databases('custody'))('db/custody.ts on %s', (_name, open) => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  let staff: number;
  beforeAll(async () => {
    ({ db, cleanup } = await open());
    await insertInsurerAndOffices(db);
    staff = await insertOfficeUser(db, FACILITY.officeNo);
  });
  afterAll(async () => cleanup());

  const agreement = (insuredNo: string) => ({
    insuredNo,
    depositorKind: 'family',
    depositorName: '家族 一郎',
    agreementRef: '預-1',
    agreedOn: '2026-11-20',
    startedOn: '2026-11-20',
    byUserId: staff,
    at: '2026-11-20T01:00:00.000Z',
  });
  const takeOut = (agreementId: number) => ({
    agreementId,
    takenOutAt: '2026-11-25T01:00:00.000Z',
    byUserId: staff,
    purpose: 'medical_visit',
    purposeNote: null,
    expectedReturnAt: '2026-11-25T05:00:00.000Z',
  });

  it('one open agreement per office and person; another office or insurer finds nothing', async () => {
    const id = await custody.createAgreement(db, FACILITY, agreement(PERSON));
    expect(id).toEqual(expect.any(Number));
    expect(await custody.createAgreement(db, FACILITY, agreement(PERSON))).toBeNull();
    expect((await custody.openAgreement(db, FACILITY, PERSON))?.id).toBe(id);
    expect(await custody.openAgreement(db, OTHER, PERSON)).toBeUndefined();
    expect(await custody.openAgreement(db, WRONG_INSURER, PERSON)).toBeUndefined();
    expect(await custody.custodyList(db, OTHER)).toEqual([]);
    expect(await custody.custodyList(db, WRONG_INSURER)).toEqual([]);
    expect((await custody.custodyList(db, FACILITY)).map((r) => r.insured_no)).toEqual([PERSON]);
  });

  it('a second take-out while the card is out is refused, also past the transaction by the unique index', async () => {
    const a = (await custody.openAgreement(db, FACILITY, PERSON))!;
    expect(await custody.recordTakeOut(db, OTHER, takeOut(a.id))).toBeNull();
    const first = await custody.recordTakeOut(db, FACILITY, takeOut(a.id));
    expect(first).toEqual(expect.any(Number));
    expect(await custody.recordTakeOut(db, FACILITY, takeOut(a.id))).toBeNull();
    await expect(
      db('card_custody_movements').insert({ ...dbRow(a.id), taken_out_by_user_id: staff }),
    ).rejects.toThrow();
    expect((await custody.custodyList(db, FACILITY))[0].open_movement_id).toBe(first);
    // the agreement does not end while the card is out; another office cannot return it
    expect(
      await custody.endAgreement(db, FACILITY, { agreementId: a.id, endedOn: '2026-11-25', byUserId: staff, at: 'x' }),
    ).toBe(false);
    expect(await custody.recordReturn(db, OTHER, { agreementId: a.id, returnedAt: 'x', byUserId: staff })).toBe(false);
    expect(
      await custody.recordReturn(db, FACILITY, {
        agreementId: a.id,
        returnedAt: '2026-11-25T04:00:00.000Z',
        byUserId: staff,
      }),
    ).toBe(true);
    expect(await custody.recordReturn(db, FACILITY, { agreementId: a.id, returnedAt: 'x', byUserId: staff })).toBe(
      false,
    );
    const moves = await custody.movementsOf(db, FACILITY, PERSON);
    expect(moves).toHaveLength(1);
    expect(moves[0].returned_at).toBe('2026-11-25T04:00:00.000Z');
    expect(await custody.movementsOf(db, OTHER, PERSON)).toEqual([]);
    expect(
      await custody.endAgreement(db, FACILITY, { agreementId: a.id, endedOn: '2026-11-25', byUserId: staff, at: 'x' }),
    ).toBe(true);
    expect(await custody.openAgreement(db, FACILITY, PERSON)).toBeUndefined();
    expect(await custody.agreementsOf(db, FACILITY, PERSON)).toHaveLength(1);
  });

  it('handler grants: once at a time, withdrawn, and only for the office own accounts', async () => {
    const g = { userId: staff, byUserId: staff, at: '2026-11-25T00:00:00.000Z' };
    expect((await custody.handlerFacts(db, FACILITY, staff))?.granted).toBe(false);
    expect(await custody.grantHandler(db, FACILITY, g)).toBe(true);
    expect(await custody.grantHandler(db, FACILITY, g)).toBe(false);
    expect((await custody.handlerFacts(db, FACILITY, staff))?.granted).toBe(true);
    expect(await custody.handlerFacts(db, OTHER, staff)).toBeUndefined();
    expect((await custody.officeStaff(db, FACILITY)).map((s) => [s.id, s.handler])).toEqual([[staff, true]]);
    expect(await custody.revokeHandler(db, FACILITY, g)).toBe(true);
    expect((await custody.handlerFacts(db, FACILITY, staff))?.granted).toBe(false);
  });
});

function dbRow(agreementId: number) {
  return {
    agreement_id: agreementId,
    office_no: FACILITY.officeNo,
    insurer_no: FACILITY.insurerNo,
    taken_out_at: '2026-11-25T02:00:00.000Z',
    purpose: 'pharmacy',
    expected_return_at: '2026-11-25T06:00:00.000Z',
  };
}
