/** View model of an insured person: 被保険者証, 負担割合, 負担限度額, 住宅改修・福祉用具 usage, consent, 担当事業所. */
import { CONSENT_CHANNEL_LABELS } from '../../domain/registration/rules';
import type { AssignmentRow, BenefitUsageRow, ConsentRow, PersonRow } from '../../db/persons';
import { heldCertifications } from '../../db/persons';
import { cancelledOnShown } from '../../domain/certification/cancellation';
import { certificationsShown } from '../../domain/certification/in-force';
import { isWithinRenewalWindow, renewalWindowOpens } from '../../domain/certification/intake';
import { DEFAULT_RULE_VERSIONS, resolveRules } from '../../domain/certification/rules';
import type { CareLevel, IsoDate } from '../../domain/certification/types';
import { compareDates, formatWarekiShort } from '../../domain/dates';
import type { ShownValues } from '../../domain/register/changes';
import { copayPeriodOf } from '../../domain/register/periods';
import {
  BURDEN_LIMIT_STAGE_LABELS,
  type BurdenLimitStage,
  type RegisterSettings,
} from '../../domain/register/settings';
import { homeModificationStatus, USAGE_KIND_LABELS, welfareEquipmentStatus } from '../../domain/register/usage';

/** 更新申請の時期: before the window, inside it (更新申請可), or expired. */
export function renewalStatus(validTo: IsoDate | null, today: IsoDate) {
  if (!validTo) return { state: 'none' as const, label: '認定なし', opensOn: null, badge: null };
  const rules = resolveRules(DEFAULT_RULE_VERSIONS, today);
  const opensOn = renewalWindowOpens(validTo, rules);
  if (isWithinRenewalWindow(today, validTo, rules))
    return { state: 'open' as const, label: '更新申請の受付期間中', opensOn, badge: 'at_risk' };
  if (compareDates(today, validTo) > 0)
    return { state: 'expired' as const, label: '有効期間満了', opensOn, badge: 'breached' };
  return { state: 'before' as const, label: '更新申請受付前', opensOn, badge: 'on_track' };
}

const SEX_LABELS: Record<string, string> = { '1': '男', '2': '女' };
const STATUS_LABELS: Record<string, string> = {
  active: '資格あり',
  deceased: '死亡',
  moved_out: '転出',
  excluded: '適用除外',
};
const CHANNEL_LABELS: Record<string, string> = CONSENT_CHANNEL_LABELS;

/** 本人同意 as shown: granted / withdrawn / never asked. */
export function consentView(c: ConsentRow | null, today: IsoDate) {
  if (!c) return { state: 'none', label: '同意なし（未取得）', active: false };
  const revoked = c.revoked_on != null && compareDates(c.revoked_on, today) <= 0;
  return {
    state: !c.granted ? 'refused' : revoked ? 'revoked' : 'granted',
    label: !c.granted ? '同意しない' : revoked ? '同意撤回' : '同意あり',
    active: c.granted && !revoked,
    grantedOn: c.granted_on,
    revokedOn: c.revoked_on,
    channel: CHANNEL_LABELS[c.channel] ?? c.channel,
    officeNo: c.obtained_by_office_no,
  };
}

/** Everything the person pages show (municipal and office), computed once. */
export function personView(
  p: PersonRow,
  more: {
    usages: BenefitUsageRow[];
    consent: ConsentRow | null;
    assignments: AssignmentRow[];
    settings: RegisterSettings;
    today: IsoDate;
  },
) {
  const { usages, today, settings } = more;
  const domainUsages = usages.map((u) => ({
    kind: u.kind,
    usedOn: u.used_on,
    amountYen: u.amount_yen,
    careLevel: u.care_level as CareLevel | null,
    dwelling: u.dwelling,
  }));
  const stage = p.burden_limit_stage as BurdenLimitStage | null;
  const shown = certificationsShown(heldCertifications(p), today);
  // 認定取消: offices and the city see the certification as cancelled, from its 申出日
  const cancelledOn = cancelledOnShown(p.cert_cancelled_on, heldCertifications(p).current);
  const active = more.assignments.find(
    (a) => compareDates(a.start_date, today) <= 0 && (a.end_date == null || compareDates(today, a.end_date) <= 0),
  );
  return {
    person: p,
    sexLabel: SEX_LABELS[p.sex] ?? '',
    statusLabel: STATUS_LABELS[p.status] ?? p.status,
    // The certification in force and, beside it, the next one decided early (domain/certification/in-force.ts).
    card: {
      ...(shown.current ?? { level: null, validFrom: null, validTo: null, certifiedOn: null }),
      cancelledOn,
    },
    nextCard: shown.next,
    renewal: cancelledOn
      ? { state: 'cancelled' as const, label: '認定取消', opensOn: null, badge: 'breached' }
      : shown.next
        ? { state: 'renewed' as const, label: '更新済（次の認定あり）', opensOn: null, badge: 'on_track' }
        : renewalStatus(shown.current?.validTo ?? null, today),
    copay: {
      ratio: p.copay_ratio,
      validFrom: p.copay_valid_from ?? copayPeriodOf(today).from,
      validTo: p.copay_valid_to ?? copayPeriodOf(today).to,
    },
    burdenLimit: stage
      ? {
          stage: BURDEN_LIMIT_STAGE_LABELS[stage] ?? stage,
          validTo: p.burden_limit_valid_to,
          amounts: settings.burdenLimitAmounts[stage] ?? null,
        }
      : null,
    home: homeModificationStatus(domainUsages, settings, {
      careLevel: shown.current?.level ?? null,
      dwelling: p.address,
    }),
    welfare: welfareEquipmentStatus(domainUsages, settings, today),
    usages: usages.map((u) => ({ ...u, kindLabel: USAGE_KIND_LABELS[u.kind] ?? u.kind })),
    consent: consentView(more.consent, today),
    assignment: active ?? null,
    assignments: more.assignments,
  };
}

const yen = (n: number) => `${n.toLocaleString('ja-JP')}円`;
const span = (from: string | null, to: string | null) =>
  from && to
    ? `（${formatWarekiShort(from)}〜${formatWarekiShort(to)}）`
    : to
      ? `（${formatWarekiShort(to)}まで）`
      : '';

/** The certificate and usage values an office is shown, labelled, for 「更新あり」 (domain/register/changes). */
export function shownRegisterValues(v: ReturnType<typeof personView>): ShownValues {
  return {
    負担割合: v.copay.ratio ? `${v.copay.ratio}割${span(v.copay.validFrom, v.copay.validTo)}` : 'なし',
    負担限度額: v.burdenLimit ? `${v.burdenLimit.stage}${span(null, v.burdenLimit.validTo ?? null)}` : 'なし',
    住宅改修: `残り ${yen(v.home.remainingYen)}（利用 ${yen(v.home.usedYen)}）`,
    福祉用具購入: `残り ${yen(v.welfare.remainingYen)}（利用 ${yen(v.welfare.usedYen)}）`,
  };
}
