/**
 * Encryption of every payload kaigo-flow hands to Temporal (workflow inputs, Update arguments and results, activity
 * arguments, Query answers): names, birth dates, doctors and survey notes never reach Temporal's database or its Web
 * UI in plain text. AES-256-GCM with a key ID in each payload's metadata, so keys can rotate: new payloads use the
 * first key, old ones decrypt with whichever key they name. Payloads that were never encrypted pass through.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

const ENCODING = 'binary/encrypted';
const KEY_ID = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** One encryption key: its ID (kept in every payload it encrypts) and 32 bytes of key. */
export interface PayloadKey {
  id: string;
  key: Buffer;
}

export class EncryptionCodec implements PayloadCodec {
  private readonly byId: Map<string, Buffer>;

  /** `keys[0]` encrypts; every key decrypts what names it. */
  constructor(private readonly keys: readonly PayloadKey[]) {
    if (keys.length === 0) throw new Error('EncryptionCodec needs at least one key');
    for (const k of keys) if (k.key.length !== 32) throw new Error(`payload key ${k.id} is not 32 bytes`);
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const { id, key } = this.keys[0];
    return payloads.map((p) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const plain = temporal.api.common.v1.Payload.encode(p).finish();
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return { metadata: { encoding: utf8(ENCODING), [KEY_ID]: utf8(id) }, data };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => {
      if (text(p.metadata?.encoding) !== ENCODING) return p;
      const id = text(p.metadata?.[KEY_ID]);
      const key = id == null ? undefined : this.byId.get(id);
      if (!key || !p.data) throw new Error(`payload encrypted with an unknown key (${id ?? 'no key ID'})`);
      const data = Buffer.from(p.data);
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plain = Buffer.concat([
        decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
        decipher.final(),
      ]);
      return temporal.api.common.v1.Payload.decode(plain) as Payload;
    });
  }
}

/** The data converter every Temporal client and worker of kaigo-flow uses. */
export function dataConverterOf(keys: readonly PayloadKey[]) {
  return { payloadCodecs: [new EncryptionCodec(keys)] };
}

const utf8 = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | null | undefined) => (b ? new TextDecoder().decode(b) : undefined);
