/** The codec endpoint the Temporal Web UI decodes histories through: 係長 only, audited, CORS for the UI alone. */
import type { Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { EncryptionCodec } from '../../lib/payload-codec';
import { appOf, loginAs, servicesWith, tempDb } from './helpers';

const codec = new EncryptionCodec([{ id: 't', key: randomBytes(32) }]);
const UI = 'http://localhost:8233';

describe('POST /codec/decode', () => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  let app: ReturnType<typeof appOf>;
  let body: { payloads: { metadata: Record<string, string>; data: string }[] };

  beforeAll(async () => {
    ({ db, cleanup } = await tempDb());
    app = appOf(servicesWith(db, { payloadCodec: codec }));
    const [p] = await codec.encode([
      { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('{"name":"松橋 花子"}') },
    ]);
    body = {
      payloads: [
        {
          metadata: Object.fromEntries(
            Object.entries(p.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
          ),
          data: Buffer.from(p.data!).toString('base64'),
        },
      ],
    };
  });
  afterAll(async () => cleanup());

  it('decodes for the 係長 and records who did it', async () => {
    const agent = await loginAs(app, 'kakaricho');
    const res = await agent
      .post('/codec/decode')
      .set('Origin', UI)
      .set('X-Namespace', 'default')
      .send(body)
      .expect(200);
    expect(Buffer.from(res.body.payloads[0].data, 'base64').toString()).toBe('{"name":"松橋 花子"}');
    expect(res.headers['access-control-allow-origin']).toBe(UI);
    expect(res.headers['access-control-allow-credentials']).toBe('true');
    const audit = await db('audit_log').where({ action: 'history.decode' }).first();
    expect(audit.login_id).toBe('kakaricho');
  });

  it('refuses anyone else: anonymous, a caseworker, a care office', async () => {
    expect((await request(app).post('/codec/decode').send(body)).status).toBe(403);
    for (const login of ['nintei', 'ukinosato']) {
      const agent = await loginAs(app, login);
      const res = await agent.post('/codec/decode').send(body);
      expect(res.status).toBe(403);
      expect(JSON.stringify(res.body)).not.toContain('松橋');
    }
  });

  it('gives CORS headers to the Temporal UI only, and answers a bad body with 400', async () => {
    const agent = await loginAs(app, 'kakaricho');
    const other = await agent.post('/codec/decode').set('Origin', 'http://evil.example').send(body);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await request(app).options('/codec/decode').set('Origin', UI).expect(204);
    expect(preflight.headers['access-control-allow-headers']).toContain('X-Namespace');
    const bad = await agent.post('/codec/decode').send({ payloads: 'x' }).expect(400);
    expect(bad.body.error).toContain('形式');
  });
});
