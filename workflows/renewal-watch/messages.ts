/**
 * The contract of the 更新勧奨 workflows: the daily batch (renewal-sweep, run by a Schedule) and the watch it starts
 * for each certification near its expiry (renewal-watch).
 */
import type { RenewalDue } from '../../activities/certification';
import type { SearchAttributePair } from '@temporalio/common';
import { defineSignal } from '@temporalio/workflow';
import { caseStageKey, insurerNoKey } from '../search-attributes';
import type { IsoDate } from '../../domain/certification/types';
import type { Timing } from '../shared/timing';

/** Workflow ID of the 更新勧奨 watch of the certification decided by application `applicationNo`. */
export function renewalWatchWorkflowId(insurerNo: string, applicationNo: string): string {
  return `renewal-${insurerNo}-${applicationNo}`;
}

/** Search attributes of a new 更新勧奨 watch. */
export function renewalWatchStartAttributes(insurerNo: string): SearchAttributePair[] {
  return [
    { key: insurerNoKey, value: insurerNo },
    { key: caseStageKey, value: 'waiting' },
  ];
}

export const RENEWAL_WATCH_WORKFLOW_TYPE = 'renewalWatchWorkflow';
export const RENEWAL_SWEEP_WORKFLOW_TYPE = 'renewalSweepWorkflow';

/** The Temporal Schedule that runs the 更新勧奨 batch of one insurer every morning. */
export function renewalSweepScheduleId(insurerNo: string): string {
  return `renewal-sweep-${insurerNo}`;
}

/** 更新申請の受付: tells the renewal watch of the expiring certification that the renewal has been filed. */
export const renewalFiledSignal = defineSignal<[{ applicationNo: string; filedOn: IsoDate }]>('renewalFiled');

/** How a renewal watch ends: the certification expired, or a renewal was filed in time. */
export type RenewalWatchOutcome = 'expired' | 'renewal_filed';

/** Input of the 更新勧奨 watch: wake N days before expiry and raise the renewal tasks. */
export interface RenewalWatchInput extends RenewalDue {
  timing?: Timing;
}

/** One run of the 更新勧奨 batch for one insurer. */
export interface RenewalSweepInput {
  insurerNo: string;
  timing?: Timing;
}

/** What a run did: watches started, and certifications already watched since an earlier run. */
export interface RenewalSweepResult {
  on: IsoDate;
  started: number;
  alreadyWatched: number;
}
