import {
  applicantKindLabel,
  applicationTypeLabel,
  careLevelLabel,
  caseStageLabel,
  dementiaLabel,
  GLOSSARY,
  officeKindLabel,
  postponementReasonLabel,
  roleLabel,
  slaStateLabel,
  stageLabel,
} from '../../domain/glossary';
import {
  APPLICANT_KINDS,
  APPLICATION_TYPES,
  CARE_LEVELS,
  CERTIFICATION_STAGES,
  DEMENTIA_INDEPENDENCE,
  OFFICE_KINDS,
  POSTPONEMENT_REASONS,
  ROLES,
} from '../../domain/certification/types';

describe('labels', () => {
  it('care levels', () => {
    expect(careLevelLabel('care_3')).toBe('要介護3');
    expect(careLevelLabel('non_applicable')).toBe('非該当');
    expect(careLevelLabel('support_1')).toBe('要支援1');
  });
  it('application types', () => {
    expect(APPLICATION_TYPES.map(applicationTypeLabel)).toEqual(['新規', '更新', '区分変更', '転入']);
  });
  it('SLA states', () => {
    expect((['on_track', 'at_risk', 'breached', 'done'] as const).map(slaStateLabel)).toEqual([
      '順調',
      '要注意',
      '超過',
      '完了',
    ]);
  });
  it('postponement reasons', () => {
    expect(postponementReasonLabel('survey_missing')).toBe('認定調査が未実施のため');
    expect(postponementReasonLabel('opinion_missing')).toContain('主治医意見書');
  });
  it('other labels', () => {
    expect(roleLabel('intake')).toBe('認定係');
    expect(officeKindLabel('community_support_center')).toBe('地域包括支援センター');
    expect(dementiaLabel('IIa')).toBe('Ⅱa');
    expect(stageLabel('received')).toBe('受付');
    expect(applicantKindLabel('self')).toBe('本人');
  });
  it('every code has a non-empty, distinct label', () => {
    const sets: [readonly string[], (x: never) => string][] = [
      [CARE_LEVELS, careLevelLabel],
      [APPLICATION_TYPES, applicationTypeLabel],
      [CERTIFICATION_STAGES, stageLabel],
      [POSTPONEMENT_REASONS, postponementReasonLabel],
      [ROLES, roleLabel],
      [OFFICE_KINDS, officeKindLabel],
      [DEMENTIA_INDEPENDENCE, dementiaLabel],
      [APPLICANT_KINDS, applicantKindLabel],
    ];
    for (const [codes, label] of sets) {
      const labels = codes.map((c) => label(c as never));
      for (const l of labels) expect(l).toMatch(/\S/);
      expect(new Set(labels).size).toBe(labels.length);
    }
  });
});

describe('GLOSSARY', () => {
  it('has at least 40 distinct terms', () => {
    expect(GLOSSARY.length).toBeGreaterThanOrEqual(40);
    expect(new Set(GLOSSARY.map((g) => g.ja)).size).toBe(GLOSSARY.length);
  });
  it.each([
    ['要介護認定', 'certification'],
    ['認定調査', 'survey'],
    ['主治医意見書', 'physicianOpinion'],
    ['一次判定', 'primaryJudgement'],
    ['二次判定', 'secondaryJudgement'],
    ['介護認定審査会', 'board'],
    ['合議体', 'panel'],
    ['延期通知', 'postponementNotice'],
    ['処理見込期間', 'expectedDecisionDate'],
    ['返戻', 'return'],
    ['受理', 'acceptance'],
    ['本人確認', 'identityCheck'],
    ['被保険者', 'insuredPerson'],
    ['事業所', 'office'],
    ['保険者', 'insurer'],
    ['取下げ', 'withdrawal'],
    ['却下', 'rejection'],
    ['みなし更新', 'deemedRenewal'],
    ['督促', 'reminder'],
    ['保留', 'hold'],
    ['負担割合', 'copayRatio'],
    ['負担限度額', 'burdenLimitStage'],
    ['国保連', 'kokuhoren'],
    ['受給者異動', 'beneficiaryChange'],
  ])('%s → %s', (ja, code) => {
    expect(GLOSSARY.find((g) => g.ja === ja)?.code).toBe(code);
  });
  it('居宅届 maps to planNotification', () => {
    expect(GLOSSARY.find((g) => g.code === 'planNotification')?.ja).toContain('居宅サービス計画作成依頼');
  });
});

describe('caseStageLabel', () => {
  it('labels the stages of every kind of case, and shows unknown codes as they are', () => {
    expect(caseStageLabel('board_scheduled')).toBe('審査会予定');
    expect(caseStageLabel('returned')).toBe('返戻（修正待ち）');
    expect(caseStageLabel('renewal_due')).toBe('更新申請の勧奨中');
    expect(caseStageLabel('something_new')).toBe('something_new');
  });
});
