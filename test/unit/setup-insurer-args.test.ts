import { parseSetupArgs } from '../../scripts/setup/insurer-args';

const argv = [
  '--insurer',
  '439999',
  '--name',
  '別市',
  '--prefecture',
  '熊本県',
  '--admin',
  'kanri',
  '--admin-name',
  '管理 一郎',
];
const env = { KAIGO_ADMIN_PASSWORD: 'correct-horse-battery' };

describe('npm run setup:insurer arguments', () => {
  it('accepts the required options and a 和暦 start date', () => {
    expect(parseSetupArgs([...argv, '--start', 'R9.5.27', '--phone', '0964-00-0000'], env)).toEqual({
      setup: {
        insurerNo: '439999',
        name: '別市',
        prefecture: '熊本県',
        address: null,
        phone: '0964-00-0000',
        onlineStartOn: '2027-05-27',
        admin: { loginId: 'kanri', displayName: '管理 一郎', password: 'correct-horse-battery' },
      },
    });
  });

  it('refuses a bad 保険者番号, a bad start date and a missing name, each with its message', () => {
    const bad = ['--insurer', '43999', '--prefecture', '熊本県', '--admin', 'kanri', '--admin-name', 'x'];
    const r = parseSetupArgs([...bad, '--start', '令和9年2月30日'], env);
    expect(r).toEqual({ errors: expect.arrayContaining([expect.stringContaining('保険者番号は6桁の数字')]) });
    expect('errors' in r && r.errors.some((e) => e.startsWith('--name'))).toBe(true);
    const start = parseSetupArgs([...argv, '--start', '令和9年2月30日'], env);
    expect(start).toEqual({ errors: ['--start: 利用開始日を正しい日付で指定してください'] });
  });

  it('needs the password in the environment, long enough and without the login ID', () => {
    expect(parseSetupArgs(argv, {})).toEqual({
      errors: ['KAIGO_ADMIN_PASSWORD: 監督者の初期パスワードを環境変数で指定してください'],
    });
    expect(parseSetupArgs(argv, { KAIGO_ADMIN_PASSWORD: 'short' })).toEqual({
      errors: [expect.stringMatching(/^KAIGO_ADMIN_PASSWORD: パスワードは12文字以上/)],
    });
    expect(parseSetupArgs(argv, { KAIGO_ADMIN_PASSWORD: 'my-kanri-password' })).toEqual({
      errors: ['KAIGO_ADMIN_PASSWORD: パスワードにログインIDを含めないでください'],
    });
  });
});
