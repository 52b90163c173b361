/** 国保連への受給者異動: the insurer's daily export batches, the day's export and the download of one batch. */
import type { Repositories } from '../../db';
import type { Actor } from '../../domain/actor';
import type { IsoDate } from '../../domain/certification/types';
import { found } from '../views/common';

export class KokuhorenService {
  constructor(private readonly repos: Repositories) {}

  /** The actor's insurer's batches (newest first) and how many records wait for the next export. */
  async overview(actor: Actor) {
    const [batches, pending] = await Promise.all([
      this.repos.kokuhoren.listBatches(actor.insurerNo),
      this.repos.kokuhoren.pendingCount(actor.insurerNo),
    ]);
    return { batches, pending };
  }

  /**
   * 本日分の作成: the day's batch (created now from the unsent records, or the one already made that day);
   * undefined when nothing waits and the day has no batch.
   */
  exportDay(actor: Actor, today: IsoDate, by = actor.loginId) {
    return this.repos.kokuhoren.exportDay({
      insurerNo: actor.insurerNo,
      batchDate: today,
      createdBy: by,
      createdAt: new Date().toISOString(),
    });
  }

  /** One batch of the actor's insurer with its content (NotFoundError for another insurer's or an unknown one). */
  async batch(actor: Actor, id: string) {
    const n = /^[1-9][0-9]{0,9}$/.test(id) ? Number(id) : NaN;
    return found(
      Number.isSafeInteger(n) ? await this.repos.kokuhoren.getBatch(actor.insurerNo, n) : undefined,
      '出力ファイルが見つかりません',
    );
  }
}

/** The file name of a batch: kokuhoren-<保険者番号>-<YYYYMMDD>.csv. */
export function batchFileName(b: { insurer_no: string; batch_date: string }): string {
  return `kokuhoren-${b.insurer_no}-${b.batch_date.replaceAll('-', '')}.csv`;
}
