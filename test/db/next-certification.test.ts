/**
 * 次期認定 in the database: a renewal decided before the expiry is written beside the current certification, the
 * 居宅届 check reads the one in force on the filing date, and the daily promotion makes it current on its start date.
 * SQLite and PostgreSQL.
 */
import type { Knex } from 'knex';
import { applyCertification, findInsuredPerson, promoteStartedCertifications } from '../../db/persons';
import { planPersonFacts } from '../../db/plan-notifications';
import { DEMO_INSURER_NO } from '../../db/seeds/demo';
import { databases, insertInsurerAndOffices } from './databases';

const NO = '0000600001';
const renewal = {
  insuredNo: NO,
  careLevel: 'care_2' as const,
  validFrom: '2027-02-01',
  validTo: '2028-01-31',
  certifiedOn: '2026-12-04',
  boardOpinion: null,
  serviceTypeRestriction: null,
  updatedAt: '2026-12-04T01:00:00Z',
};

for (const [name, open] of databases('next_certification')) {
  describe(`next certification (${name})`, () => {
    let db: Knex;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      ({ db, cleanup } = await open());
      await insertInsurerAndOffices(db);
      await db('insured_persons').insert({
        insured_no: NO,
        insurer_no: DEMO_INSURER_NO,
        name: '氏名',
        kana: 'カナ',
        birth_date: '1940-01-01',
        sex: '1',
        status: 'active',
        care_level: 'care_1',
        cert_valid_from: '2026-02-01',
        cert_valid_to: '2027-01-31',
        certified_on: '2026-01-20',
        updated_at: '2026-01-20T00:00:00Z',
      });
    });
    afterAll(async () => cleanup());

    it('a renewal decided before the expiry keeps the current certification and is held beside it', async () => {
      await applyCertification(db, renewal);
      await applyCertification(db, renewal); // a retried activity changes nothing
      const row = await db('insured_persons').where({ insured_no: NO }).first();
      expect(row).toMatchObject({
        care_level: 'care_1',
        cert_valid_to: '2027-01-31',
        next_care_level: 'care_2',
        next_cert_valid_from: '2027-02-01',
        next_cert_valid_to: '2028-01-31',
      });
    });

    it('the 居宅届 and the workflow read the certification in force on their date', async () => {
      expect(await planPersonFacts(db, DEMO_INSURER_NO, NO, '1940-01-01', '2026-12-10')).toEqual({
        exists: true,
        level: 'care_1',
      });
      expect(await planPersonFacts(db, DEMO_INSURER_NO, NO, '1940-01-01', '2027-02-01')).toEqual({
        exists: true,
        level: 'care_2',
      });
      expect((await findInsuredPerson(db, DEMO_INSURER_NO, NO, '2026-12-10'))?.careLevel).toBe('care_1');
      expect((await findInsuredPerson(db, DEMO_INSURER_NO, NO, '2027-02-01'))?.validTo).toBe('2028-01-31');
    });

    it('becomes current on its start date, not the day before; a second run changes nothing', async () => {
      expect(await promoteStartedCertifications(db, DEMO_INSURER_NO, '2027-01-31')).toBe(0);
      expect(await promoteStartedCertifications(db, DEMO_INSURER_NO, '2027-02-01')).toBe(1);
      expect(await promoteStartedCertifications(db, DEMO_INSURER_NO, '2027-02-01')).toBe(0);
      const row = await db('insured_persons').where({ insured_no: NO }).first();
      expect(row).toMatchObject({
        care_level: 'care_2',
        cert_valid_from: '2027-02-01',
        cert_valid_to: '2028-01-31',
        certified_on: '2026-12-04',
        next_care_level: null,
        next_cert_valid_from: null,
      });
    });
  });
}
