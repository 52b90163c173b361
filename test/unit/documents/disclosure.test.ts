import {
  DEFAULT_DISCLOSURE_RULE_VERSIONS,
  type DisclosureFacts,
  type DisclosureRules,
  disclosureDecision,
  disclosureRulesOn,
  officeRefusalMessage,
} from '../../../domain/documents/disclosure';

const ALL: DisclosureRules = {
  refuseWithoutPlanNotification: true,
  refuseBeforeResultNotified: true,
  refuseNonApplicable: true,
};
const NONE: DisclosureRules = {
  refuseWithoutPlanNotification: false,
  refuseBeforeResultNotified: false,
  refuseNonApplicable: false,
};
const facts = (over: Partial<DisclosureFacts> = {}): DisclosureFacts => ({
  caseFound: true,
  consent: true,
  planNotificationFiled: true,
  resultNotified: true,
  nonApplicable: false,
  surveyCompleted: true,
  opinionCompleted: true,
  opinionDoctorConsent: null,
  requested: { survey: true, opinion: true },
  ...over,
});

describe('資料提供申請: disclosureDecision', () => {
  it('grants both documents when every condition holds', () => {
    expect(disclosureDecision(facts(), ALL)).toEqual({ ok: true, include: { survey: true, opinion: true }, notes: [] });
  });

  it('refuses with each reason the settings apply', () => {
    expect(disclosureDecision(facts({ planNotificationFiled: false }), ALL)).toEqual({
      ok: false,
      reasons: ['no_plan_notification'],
    });
    expect(disclosureDecision(facts({ resultNotified: false }), ALL)).toEqual({ ok: false, reasons: ['not_notified'] });
    expect(disclosureDecision(facts({ nonApplicable: true }), ALL)).toEqual({ ok: false, reasons: ['non_applicable'] });
    expect(
      disclosureDecision(facts({ planNotificationFiled: false, resultNotified: false, nonApplicable: true }), ALL),
    ).toEqual({ ok: false, reasons: ['no_plan_notification', 'not_notified', 'non_applicable'] });
  });

  it('an insurer that does not apply a refusal grants', () => {
    const f = facts({ planNotificationFiled: false, resultNotified: false, nonApplicable: true });
    expect(disclosureDecision(f, NONE).ok).toBe(true);
    expect(disclosureDecision(f, { ...NONE, refuseNonApplicable: true })).toEqual({
      ok: false,
      reasons: ['non_applicable'],
    });
  });

  it('no matching case and no consent are always refused, whatever the settings', () => {
    expect(disclosureDecision(facts({ caseFound: false }), NONE)).toEqual({ ok: false, reasons: ['no_case'] });
    expect(disclosureDecision(facts({ consent: false }), NONE)).toEqual({ ok: false, reasons: ['no_consent'] });
  });

  it('leaves out an opinion the doctor did not consent to on the old form, and what is not complete', () => {
    const d = disclosureDecision(facts({ opinionDoctorConsent: false }), ALL);
    expect(d).toMatchObject({ ok: true, include: { survey: true, opinion: false } });
    expect(disclosureDecision(facts({ opinionDoctorConsent: true }), ALL)).toMatchObject({
      include: { survey: true, opinion: true },
    });
    expect(disclosureDecision(facts({ surveyCompleted: false }), ALL)).toMatchObject({
      ok: true,
      include: { survey: false, opinion: true },
    });
    expect(
      disclosureDecision(facts({ opinionDoctorConsent: false, requested: { survey: false, opinion: true } }), ALL),
    ).toEqual({ ok: false, reasons: ['no_documents'] });
    expect(disclosureDecision(facts({ requested: { survey: true, opinion: false } }), ALL)).toMatchObject({
      include: { survey: true, opinion: false },
    });
  });

  it('tells the office the same for an unmatched number and a person without consent', () => {
    expect(officeRefusalMessage(['no_case'])).toBe(officeRefusalMessage(['no_consent']));
    expect(officeRefusalMessage(['non_applicable'])).toContain('非該当');
  });
});

describe('資料提供申請: settings by date', () => {
  it('the default applies all three refusals', () => {
    expect(disclosureRulesOn(DEFAULT_DISCLOSURE_RULE_VERSIONS, '2026-12-01')).toEqual(ALL);
  });

  it('a later version overrides from its effective date only what it names', () => {
    const versions = [
      ...DEFAULT_DISCLOSURE_RULE_VERSIONS,
      { effectiveFrom: '2027-04-01', rules: { refuseNonApplicable: false } },
    ];
    expect(disclosureRulesOn(versions, '2027-03-31')).toEqual(ALL);
    expect(disclosureRulesOn(versions, '2027-04-01')).toEqual({ ...ALL, refuseNonApplicable: false });
  });

  it('before any version nothing is refused by setting', () => {
    expect(disclosureRulesOn(DEFAULT_DISCLOSURE_RULE_VERSIONS, '1999-01-01')).toEqual(NONE);
  });
});
