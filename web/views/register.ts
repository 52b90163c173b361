/** View model of the register page: each certificate period and usage entry with its current value and history. */
import type { BenefitRestrictionRow, CertificateRow, UsageRow } from '../../db/register';
import { BENEFIT_RESTRICTION_LABELS } from '../../domain/register/benefit-restriction';
import { formatWarekiShort } from '../../domain/dates';
import {
  CERTIFICATE_KIND_LABELS,
  CERTIFICATE_KINDS,
  certificateValueLabel,
  certificateValueOf,
  type CertificateKind,
} from '../../domain/register/certificates';
import { USAGE_KIND_LABELS } from '../../domain/register/usage';

const SOURCE_LABELS: Record<string, string> = {
  manual: '画面入力',
  import: '取込',
  migration: '移行',
  seed: '初期データ',
};

/** The URL segment of a certificate kind (/register/certificates/copay, …/burden-limit). */
export const CERTIFICATE_KIND_SLUGS: Readonly<Record<CertificateKind, string>> = {
  copay: 'copay',
  burden_limit: 'burden-limit',
};

function valueLabel(kind: CertificateKind, raw: string): string {
  const v = certificateValueOf(kind, raw);
  return v ? certificateValueLabel(v) : raw;
}

const changeOf = (r: { reason: string | null; source: string; recorded_by: string | null; recorded_at: string }) => ({
  reason: r.reason ?? '',
  source: SOURCE_LABELS[r.source] ?? r.source,
  by: r.recorded_by ?? '',
  at: r.recorded_at.slice(0, 16).replace('T', ' '),
});

/** Per kind, its periods (newest first), each with the current value and every earlier one. */
export function certificateSections(rows: CertificateRow[]) {
  return CERTIFICATE_KINDS.map((kind) => {
    const ofKind = rows.filter((r) => r.kind === kind);
    const live = ofKind.filter((r) => r.superseded_by == null);
    return {
      kind,
      slug: CERTIFICATE_KIND_SLUGS[kind],
      label: CERTIFICATE_KIND_LABELS[kind],
      periods: live.map((r) => ({
        from: r.valid_from,
        to: r.valid_to,
        value: valueLabel(kind, r.value),
        ...changeOf(r),
        history: historyOf(ofKind, r).map((h) => ({
          value: valueLabel(kind, h.value),
          period: `${formatWarekiShort(h.valid_from)}〜${formatWarekiShort(h.valid_to)}`,
          ...changeOf(h),
        })),
      })),
    };
  });
}

/** The rows `current` replaced, directly or through others, newest first. */
function historyOf<R extends { id: number; superseded_by: number | null }>(rows: R[], current: R): R[] {
  const out: R[] = [];
  let ids = new Set([current.id]);
  for (;;) {
    const earlier = rows.filter((r) => r.superseded_by != null && ids.has(r.superseded_by));
    if (earlier.length === 0) return out.sort((a, b) => b.id - a.id);
    out.push(...earlier);
    ids = new Set(earlier.map((r) => r.id));
  }
}

/** Usage entries (latest use first), each with its current row and its earlier rows. */
export function usageEntries(rows: UsageRow[]) {
  return rows
    .filter((r) => r.superseded_by == null)
    .map((r) => ({
      entryNo: r.entry_no,
      kindLabel: USAGE_KIND_LABELS[r.kind] ?? r.kind,
      usedOn: r.used_on,
      amountYen: r.amount_yen,
      description: r.description ?? '',
      voided: r.voided,
      ...changeOf(r),
      history: historyOf(
        rows.filter((x) => x.entry_no === r.entry_no),
        r,
      ).map((h) => ({
        usedOn: h.used_on,
        amountYen: h.amount_yen,
        description: h.description ?? '',
        voided: h.voided,
        ...changeOf(h),
      })),
    }));
}

/** 給付制限 (latest start first), each current row with its earlier rows; withdrawn ones are marked 取消. */
export function restrictionEntries(rows: BenefitRestrictionRow[]) {
  const label = (r: BenefitRestrictionRow) => BENEFIT_RESTRICTION_LABELS[r.kind] ?? r.kind;
  const period = (r: BenefitRestrictionRow) =>
    `${formatWarekiShort(r.valid_from)}〜${r.valid_to ? formatWarekiShort(r.valid_to) : ''}`;
  return rows
    .filter((r) => r.superseded_by == null)
    .map((r) => ({
      id: r.id,
      kindLabel: label(r),
      period: period(r),
      voided: r.voided,
      ...changeOf(r),
      history: historyOf(rows, r).map((h) => ({
        kindLabel: label(h),
        period: period(h),
        voided: h.voided,
        ...changeOf(h),
      })),
    }));
}
