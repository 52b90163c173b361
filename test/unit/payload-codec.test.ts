import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import type { Payload } from '@temporalio/common';
import { EncryptionCodec } from '../../lib/payload-codec';

const json = (v: unknown): Payload => ({
  metadata: { encoding: new TextEncoder().encode('json/plain') },
  data: new TextEncoder().encode(JSON.stringify(v)),
});
const k = (id: string) => ({ id, key: randomBytes(32) });

describe('EncryptionCodec', () => {
  it('round-trips any payload and hides its bytes', async () => {
    const codec = new EncryptionCodec([k('2026')]);
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (v) => {
        const p = json(v);
        const [enc] = await codec.encode([p]);
        expect(Buffer.from(enc.metadata!.encoding!).toString()).toBe('binary/encrypted');
        const [dec] = await codec.decode([enc]);
        expect(Buffer.from(dec.data!).toString()).toBe(Buffer.from(p.data!).toString());
      }),
      { numRuns: 50 },
    );
  });

  it('leaves no readable text in the encrypted bytes', async () => {
    const secret = '被保険者番号0000100002 松橋 花子 歩行時にふらつきあり';
    const [enc] = await new EncryptionCodec([k('2026')]).encode([json({ secret })]);
    expect(Buffer.from(enc.data!).includes(Buffer.from('0000100002'))).toBe(false);
    expect(Buffer.from(enc.data!).includes(Buffer.from('松橋'))).toBe(false);
  });

  it('decrypts payloads of an older key after rotation, and encrypts with the first', async () => {
    const old = k('2025');
    const [enc] = await new EncryptionCodec([old]).encode([json({ name: '松橋 花子' })]);
    const rotated = new EncryptionCodec([k('2026'), old]);
    const [dec] = await rotated.decode([enc]);
    expect(JSON.parse(Buffer.from(dec.data!).toString())).toEqual({ name: '松橋 花子' });
    const [fresh] = await rotated.encode([json(1)]);
    expect(Buffer.from(fresh.metadata!['encryption-key-id']!).toString()).toBe('2026');
  });

  it('refuses a payload of an unknown key, and one whose bytes were changed', async () => {
    const [enc] = await new EncryptionCodec([k('a')]).encode([json({ x: 1 })]);
    await expect(new EncryptionCodec([k('b')]).decode([enc])).rejects.toThrow(/unknown key/);
    const codec = new EncryptionCodec([k('c')]);
    const [mine] = await codec.encode([json({ x: 1 })]);
    const tampered = Buffer.from(mine.data!);
    tampered[20] ^= 1;
    await expect(codec.decode([{ ...mine, data: tampered }])).rejects.toThrow();
  });

  it('passes payloads that were never encrypted through', async () => {
    const p = json({ plain: true });
    expect(await new EncryptionCodec([k('a')]).decode([p])).toEqual([p]);
  });
});
