/**
 * 台帳の操作, one table: what a caseworker enters in the register (a certificate, a usage entry), with its label, the
 * permission it needs and its free-text fields' bounds. The web's forms and the audit labels derive from it.
 */
import type { Action as Permission } from '../access';

/** A free-text input: its Japanese label, whether it must be filled in, its maximum length. */
export interface RegisterTextField {
  readonly label: string;
  readonly required: boolean;
  readonly max: number;
}

/** One register action. */
export interface RegisterActionSpec {
  readonly label: string;
  readonly permission: Permission;
  readonly text: Readonly<Record<string, RegisterTextField>>;
}

/** 台帳の操作: 証の記録・訂正 and 利用の記録・訂正・取消. Every change needs its reason (kept in the history). */
export const REGISTER_ACTIONS = {
  certificate: {
    label: '証の記録・訂正',
    permission: 'register.edit',
    text: { reason: { label: '記録・訂正の理由', required: true, max: 200 } },
  },
  usage: {
    label: '利用の記録・訂正',
    permission: 'register.edit',
    text: {
      reason: { label: '記録・訂正の理由', required: true, max: 200 },
      description: { label: '内容（工事・品目）', required: true, max: 100 },
      dwelling: { label: '改修した住宅の住所', required: false, max: 100 },
    },
  },
  restriction: {
    label: '給付制限の記録・訂正・終了',
    permission: 'register.edit',
    text: { reason: { label: '記録・訂正の理由（決定通知など）', required: true, max: 200 } },
  },
  address: {
    label: '住所・郵便番号の変更',
    permission: 'register.edit',
    text: {
      address: { label: '住所（通知書の郵送先）', required: true, max: 100 },
      reason: { label: '変更の理由（転居届など）', required: true, max: 200 },
    },
  },
  loss: {
    label: '資格喪失の記録',
    permission: 'register.edit',
    text: { note: { label: '記録の理由・備考（届出の種類など）', required: true, max: 200 } },
  },
} as const satisfies Record<string, RegisterActionSpec>;

export type RegisterActionKind = keyof typeof REGISTER_ACTIONS;

/** 費用額の上限 accepted on one entry (a typing slip guard, far above any cap). */
export const MAX_USAGE_AMOUNT_YEN = 10_000_000;
