/**
 * The glossary's invariants, not a copy of its tables: every code has a label a screen can tell apart from the others,
 * a stage code shared by two kinds of case means the same on both, and one code name per Japanese term.
 */
import {
  applicantKindLabel,
  applicationTypeLabel,
  careLevelLabel,
  caseStageLabel,
  dementiaLabel,
  GLOSSARY,
  officeKindLabel,
  PLAN_NOTIFICATION_STAGE_LABELS,
  postponementReasonLabel,
  RENEWAL_WATCH_STAGE_LABELS,
  REGISTER_ROLL_STAGE_LABELS,
  roleLabel,
  STAGE_LABELS,
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

test('every code of each list has a non-empty label, distinct within its list', () => {
  const sets: [string, readonly string[], (x: never) => string][] = [
    ['care levels', CARE_LEVELS, careLevelLabel],
    ['application types', APPLICATION_TYPES, applicationTypeLabel],
    ['stages', CERTIFICATION_STAGES, stageLabel],
    ['postponement reasons', POSTPONEMENT_REASONS, postponementReasonLabel],
    ['roles', ROLES, roleLabel],
    ['office kinds', OFFICE_KINDS, officeKindLabel],
    ['dementia', DEMENTIA_INDEPENDENCE, dementiaLabel],
    ['applicant kinds', APPLICANT_KINDS, applicantKindLabel],
  ];
  for (const [name, codes, label] of sets) {
    const labels = codes.map((c) => label(c as never));
    expect([name, labels.filter((l) => typeof l !== 'string' || !/\S/.test(l))]).toEqual([name, []]);
    expect([name, labels.filter((l, i) => labels.indexOf(l) !== i)]).toEqual([name, []]);
  }
});

test('caseStageLabel labels each kind of case as that kind does (a code two kinds share must mean the same)', () => {
  const tables: Record<string, string>[] = [
    STAGE_LABELS,
    PLAN_NOTIFICATION_STAGE_LABELS,
    RENEWAL_WATCH_STAGE_LABELS,
    REGISTER_ROLL_STAGE_LABELS,
  ];
  for (const table of tables)
    for (const [code, label] of Object.entries(table)) expect([code, caseStageLabel(code)]).toEqual([code, label]);
  expect(caseStageLabel('something_new')).toBe('something_new'); // unknown codes are shown as they are
});

test('the glossary has one code name per Japanese term and one term per code name', () => {
  const repeated = (xs: string[]) => xs.filter((x, i) => xs.indexOf(x) !== i);
  expect(repeated(GLOSSARY.map((g) => g.ja))).toEqual([]);
  expect(repeated(GLOSSARY.map((g) => g.code))).toEqual([]);
});
