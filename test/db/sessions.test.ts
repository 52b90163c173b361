import { openDatabase } from '../../db/connection';
import { sessionStore } from '../../db/sessions';

const past = () => new Date(Date.now() - 60_000).toISOString();
const until = async (check: () => Promise<boolean>) => {
  for (let tries = 0; !(await check()) && tries < 100; tries++) await new Promise((r) => setTimeout(r, 20));
};

describe('the session store: expired sessions deleted regularly, and nothing left running once the pool is gone', () => {
  it('deletes expired sessions at start and again every interval', async () => {
    const db = openDatabase(':memory:');
    const errors: unknown[] = [];
    try {
      await db.migrate.latest();
      await db('sessions').insert({ sid: 'old-1', sess: '{}', expired: past() });
      sessionStore(db, 30, (e) => errors.push(e));
      await until(async () => !(await db('sessions').where({ sid: 'old-1' }).first()));
      expect(await db('sessions').where({ sid: 'old-1' }).first()).toBeUndefined();
      // the next round finds a session that expired after the first one
      await db('sessions').insert({ sid: 'old-2', sess: '{}', expired: past() });
      await until(async () => !(await db('sessions').where({ sid: 'old-2' }).first()));
      expect(await db('sessions').where({ sid: 'old-2' }).first()).toBeUndefined();
      expect(errors).toEqual([]);
    } finally {
      await db.destroy();
    }
  });

  it('stops its timer when the connection pool is destroyed (no cleanup against a closed pool)', async () => {
    const db = openDatabase(':memory:');
    await db.migrate.latest();
    const errors: unknown[] = [];
    sessionStore(db, 10, (e) => errors.push(e));
    await new Promise((r) => setTimeout(r, 50));
    await db.destroy();
    await new Promise((r) => setTimeout(r, 100));
    expect(errors).toEqual([]);
  });
});
