/** Which certification events send a お知らせ to the person's offices, and under which task key and title. */
import { OFFICE_NOTICE_TITLES, officeNoticeFor } from '../../../domain/certification/office-notices';
import { CERTIFICATION_TASKS } from '../../../workflows/certification/messages';

test('the result (通知, 却下, 死亡による却下) and each 延期通知 send one; other events none', () => {
  for (const type of ['notified', 'rejected', 'rejected_deceased'])
    expect(officeNoticeFor({ type })).toEqual({ key: 'office-result', taskKey: 'office-result' });
  expect(officeNoticeFor({ type: 'postponement_notified', payload: { n: 2 } })).toEqual({
    key: 'office-postponement-2',
    taskKey: 'office-postponement',
  });
  for (const type of ['received', 'decided', 'withdrawn', 'moved_out', 'postponement_due', 'postponement_notified'])
    expect(officeNoticeFor({ type })).toBeNull();
});

test('the plan office’s お知らせ carry the same titles as the filing office’s (the workflow’s task table)', () => {
  for (const key of Object.keys(OFFICE_NOTICE_TITLES) as (keyof typeof OFFICE_NOTICE_TITLES)[])
    expect(CERTIFICATION_TASKS[key].title).toBe(OFFICE_NOTICE_TITLES[key]);
});
