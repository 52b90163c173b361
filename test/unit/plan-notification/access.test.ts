/** Who sees a 居宅届 (404 hides another office's filing; 403 for municipal roles without the permission). */
import type { Actor } from '../../../domain/actor';
import { mayFilePlan, planVisibility } from '../../../domain/plan-notification/access';

const actor = (role: Actor['role'], officeNo: string | null, insurerNo = '432130'): Actor => ({
  userId: 1,
  loginId: role,
  displayName: role,
  role,
  officeNo,
  insurerNo,
});
const filing = { insurerNo: '432130', filedByOfficeNo: '4370100011' };

test('office staff see their own office’s filings only', () => {
  expect(planVisibility(actor('office_staff', '4370100011'), filing)).toBe('visible');
  expect(planVisibility(actor('office_staff', '4370100037'), filing)).toBe('hidden');
  expect(planVisibility(actor('office_staff', null), filing)).toBe('hidden');
});

test('municipal staff who review 居宅届 see their insurer’s filings; other roles do not (need to know, issue 15)', () => {
  expect(planVisibility(actor('benefits', null), filing)).toBe('visible');
  expect(planVisibility(actor('supervisor', null), filing)).toBe('visible');
  expect(planVisibility(actor('intake', null), filing)).toBe('forbidden');
  expect(planVisibility(actor('surveyor', null), filing)).toBe('forbidden');
  expect(planVisibility(actor('benefits', null, '999999'), filing)).toBe('hidden');
});

test('only office staff with an office may file', () => {
  expect(mayFilePlan(actor('office_staff', '4370100011'))).toBe(true);
  expect(mayFilePlan(actor('office_staff', null))).toBe(false);
  expect(mayFilePlan(actor('benefits', null))).toBe(false);
  expect(mayFilePlan(actor('supervisor', null))).toBe(false);
});
