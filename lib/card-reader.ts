/**
 * マイナンバーカードの読取り: the port through which an office's card reader hands over a reading. A reading gives the
 * card's front-side items (券面事項: 氏名, 住所, 生年月日, 性別) only; the 個人番号 is never asked for, returned or
 * stored. The office's reader software posts a reading and the form names it by its ID.
 */
import type { CardFrontItems } from '../domain/registration/rules';

export interface CardReader {
  /** The front-side items of reading `readingId`, or null when there is no such reading (or it expired). */
  readFrontItems(readingId: string): Promise<CardFrontItems | null>;
}

/** No reader connected (the default): every reading is unknown. */
export class NoCardReader implements CardReader {
  async readFrontItems(): Promise<CardFrontItems | null> {
    return null;
  }
}

/** A test double: fixed readings by ID. */
export class FixedCardReader implements CardReader {
  constructor(private readonly readings: Record<string, CardFrontItems>) {}
  async readFrontItems(readingId: string): Promise<CardFrontItems | null> {
    return Object.hasOwn(this.readings, readingId) ? { ...this.readings[readingId] } : null;
  }
}

/** The demo's reading IDs: `demo-` and the 被保険者番号 (DEMO_CARD_READER, never in production). */
export const DEMO_READING = /^demo-(\d{10})$/;

/**
 * The demo's reader (`npm start`): reading `demo-<被保険者番号>` gives that register person's 券面事項, as if their card
 * lay on the reader, so the ② path can be tried without hardware. It knows only what the register holds; the check
 * itself (matchByCard: active, one match) is the real one.
 */
export class DemoCardReader implements CardReader {
  constructor(private readonly frontOf: (insuredNo: string) => Promise<CardFrontItems | null>) {}
  async readFrontItems(readingId: string): Promise<CardFrontItems | null> {
    const m = DEMO_READING.exec(readingId);
    return m ? this.frontOf(m[1]) : null;
  }
}
