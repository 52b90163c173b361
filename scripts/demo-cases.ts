import type { Client } from '@temporalio/client';
import type { Actor } from '../domain/actor';
import type { CareLevel, IsoDate, Role } from '../domain/certification/types';
import { addDays, jstDateOf } from '../domain/dates';
import { createRepositories, type Database, type Repositories } from '../db';
import { DEMO_INSURER_NO, demoBirthDate } from '../db/seeds/demo';
import type { CertificationAction } from '../workflows/certification/messages';
import type { Timing } from '../workflows/shared/timing';
import { CertificationService } from '../web/services/certification';
import { PlanNotificationService } from '../web/services/plan-notification';

/** Demo actors built from the seeded users (same ids as in the database). */
async function actors(repos: Repositories): Promise<Record<string, Actor>> {
  const rows = await repos.users.listUsers();
  return Object.fromEntries(
    rows.map((u) => [
      u.login_id,
      {
        userId: u.id,
        loginId: u.login_id,
        displayName: u.display_name,
        role: u.role as Role,
        officeNo: u.office_no,
        insurerNo: DEMO_INSURER_NO,
      },
    ]),
  );
}

/**
 * Cases in varied stages, driven through the same services the pages use, so the inbox, the dashboard and the
 * office's progress list have something to show on first start. Every date is relative to `today`, the day the demo
 * data was seeded; when that is not the real date (the demo test runs chosen days), the workflows' calendars and the
 * intake's "not in the future" check are moved to it.
 */
export async function loadDemoCases(deps: {
  db: Database;
  client: Client;
  taskQueue: string;
  today: IsoDate;
}): Promise<number> {
  const { db, today } = deps;
  const repos = createRepositories(db);
  const who = await actors(repos);
  const onAnotherDay = today !== jstDateOf(Date.now());
  const timing: Timing | undefined = onAnotherDay ? { startOn: today } : undefined;
  const now = onAnotherDay ? () => new Date(`${today}T12:00:00+09:00`) : undefined;
  const certification = new CertificationService({ ...deps, repos, now });
  const plans = new PlanNotificationService({ ...deps, repos });
  const seq = (n: number) => `DEMO-${today.replace(/-/g, '')}-${n}`;
  let step = 0;
  const act = (workflowId: string, user: string, action: CertificationAction) =>
    certification.perform(workflowId, action, who[user], `demo-${(step += 1)}`);
  const apply = (
    n: number,
    insuredNo: string,
    type: 'new' | 'renewal',
    daysAgo: number,
    applicant: { kind: 'family' | 'office_proxy'; name: string; officeNo?: string },
    doctor = { name: '宇土 誠', clinic: '宇城中央クリニック', phone: '0964-32-9999' },
  ) =>
    certification.receiveApplication(
      {
        insurerNo: DEMO_INSURER_NO,
        applicationNo: seq(n),
        insuredNo,
        type,
        appliedOn: addDays(today, -daysAgo),
        applicant,
        identityCheckedBy: 'nintei',
        identityCheckMethod: 'マイナンバーカード',
        doctor,
        residence: { kind: 'home' },
        consent: {
          granted: true,
          date: addDays(today, -daysAgo),
          obtainedBy: applicant.kind === 'office_proxy' ? 'office_proxy' : 'municipality',
          officeNo: applicant.officeNo ?? null,
        },
        renewalConsentToSkipPostponement: type === 'renewal',
        timing,
      },
      who.nintei,
    );
  const HOSPITAL_DOCTOR = { name: '郡浦 医師', clinic: '宇城ひかり病院', phone: '0964-32-0005' };
  const documents = async (id: string, on: IsoDate, minutes: number) => {
    await act(id, 'nintei', { kind: 'assignSurveyor', surveyorKind: 'municipal', surveyorName: '小川 健' });
    await act(id, 'chosa', { kind: 'scheduleSurvey', visitOn: on });
    await act(id, 'chosa', {
      kind: 'completeSurvey',
      surveyedOn: on,
      standardMinutes: minutes,
      dementia: 'IIa',
      specialNotes: '屋内歩行は伝い歩き。夜間の失見当あり。',
    });
    await act(id, 'nintei', { kind: 'receiveOpinion', receivedOn: on, dementia: 'IIa' });
  };

  // 1. Just received: surveyor to be assigned, opinion requested online from the demo hospital (login ishi).
  await apply(1, '0000100003', 'new', 3, { kind: 'family', name: '小川 花子' }, HOSPITAL_DOCTOR);
  // 2. Renewal filed by the care office; survey done, opinion still outstanding.
  const renewal = await apply(2, '0000100002', 'renewal', 12, {
    kind: 'office_proxy',
    name: '宇土 明美',
    officeNo: '4370100011',
  });
  await act(renewal.workflowId, 'nintei', {
    kind: 'assignSurveyor',
    surveyorKind: 'office',
    surveyorName: '宇土 明美',
    officeNo: '4370100011',
  });
  await act(renewal.workflowId, 'chosa', { kind: 'scheduleSurvey', visitOn: addDays(today, -5) });
  await act(renewal.workflowId, 'chosa', {
    kind: 'completeSurvey',
    surveyedOn: addDays(today, -5),
    standardMinutes: 41,
    dementia: 'IIb',
  });
  // 3. Near the 30-day deadline with both documents in: waiting for the board (延期通知 due).
  const nearDeadline = await apply(3, '0000100005', 'new', 27, { kind: 'family', name: '三角 和子' });
  await documents(nearDeadline.workflowId, addDays(today, -8), 63);
  await act(nearDeadline.workflowId, 'shinsakai', {
    kind: 'scheduleBoard',
    panel: '第2合議体',
    boardOn: addDays(today, 6),
  });
  // 4. Decided and notified (第2号被保険者).
  const decided = await apply(4, '0000100007', 'new', 33, { kind: 'family', name: '郡浦 京子' });
  await documents(decided.workflowId, addDays(today, -20), 52);
  await act(decided.workflowId, 'shinsakai', {
    kind: 'scheduleBoard',
    panel: '第1合議体',
    boardOn: addDays(today, -4),
  });
  await act(decided.workflowId, 'shinsakai', {
    kind: 'recordSecondaryJudgement',
    finalLevel: 'care_2' as CareLevel,
    months: 6,
    careNotes: '転倒に注意。通所リハビリテーションの利用が望ましい。',
    serviceTypeRestriction: null,
  });
  // The 処分 is a human act of its own (認定係), after the board.
  await act(decided.workflowId, 'nintei', { kind: 'decide' });

  // A 居宅届 (change of office) filed online by a care office, waiting for the 給付係.
  await plans.file(
    who.ukinosato,
    `${today.replace(/-/g, '')}-0000d001`,
    {
      kind: 'change',
      person: {
        insuredNo: '0000100006',
        name: '不知火 ミツ',
        kana: 'シラヌイ ミツ',
        birthDate: demoBirthDate(today, '0000100006'),
      },
      startDate: addDays(today, 7),
      change: { reason: '転居に伴い事業所を変更', previousOfficeNo: '4370100037' },
      notifier: { name: '宇土 明美', relation: 'care_manager', phone: '0964-32-0001' },
      identity: { method: 'my_number_card', checkedBy: '宇土 明美', checkedOn: addDays(today, -1) },
    },
    timing,
  );
  return 5;
}
