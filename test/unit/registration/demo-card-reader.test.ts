import { DemoCardReader } from '../../../lib/card-reader';

describe('DemoCardReader (npm start only)', () => {
  const front = { name: '宇城 太郎', address: '熊本県宇城市', birthDate: '1940-10-27', sex: '1' as const };
  const reader = new DemoCardReader(async (no) => (no === '0000100001' ? front : null));

  it('reads demo-<被保険者番号> as that person’s 券面事項, and nothing else', async () => {
    expect(await reader.readFrontItems('demo-0000100001')).toEqual(front);
    expect(await reader.readFrontItems('demo-0000199999')).toBeNull();
    for (const id of ['0000100001', 'demo-000010000', 'demo-0000100001x', 'x-demo-0000100001', ''])
      expect(await reader.readFrontItems(id)).toBeNull();
  });
});
