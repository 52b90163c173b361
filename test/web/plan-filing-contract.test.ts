/** The 居宅届 form's 暫定利用の契約日 (contractOn): optional, 和暦 accepted, carried to the PlanFiling the checks read. */
import { planFilingSchema, toFiling } from '../../web/routes/office/plan-notifications/filing-form';

const form = {
  requestId: '20261125-0000abcd',
  kind: 'new',
  person: { insuredNo: '0000100001', name: '宇城 太郎', kana: 'ウキ タロウ', birthDate: '1940-04-01' },
  startDate: '2026-11-20',
  notifier: { name: '宇土 明美', relation: 'care_manager' },
  identity: { method: 'my_number_card', proxyAuthority: 'none', checkedBy: '宇土 明美', checkedOn: '2026-11-25' },
};

test('a contract date in 和暦 reaches the filing as an ISO date; none stays null', () => {
  expect(toFiling(planFilingSchema.parse({ ...form, contractOn: '令和8年11月18日' })).contractOn).toBe('2026-11-18');
  expect(toFiling(planFilingSchema.parse(form)).contractOn).toBeNull();
});

test('a contract date that is not a date is refused with a Japanese message naming the field', () => {
  const r = planFilingSchema.safeParse({ ...form, contractOn: 'きのう' });
  expect(r.success).toBe(false);
  expect(r.error?.issues.map((i) => i.message)).toEqual([expect.stringContaining('暫定利用の契約日を正しい日付')]);
});
