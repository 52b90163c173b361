import { sameSitePath } from '../../../domain/security/redirects';

describe('sameSitePath', () => {
  it.each(['/tasks', '/cases?stage=received&page=2', '/office/persons/0000100002'])('keeps %s', (p) =>
    expect(sameSitePath(p)).toBe(p),
  );
  it.each([
    ['an array (next repeated)', ['/a', '/b']],
    ['a protocol-relative URL', '//evil.example'],
    ['a backslash', '/\\evil.example'],
    ['an absolute URL', 'https://evil.example/'],
    ['a relative path', 'tasks'],
    ['a control character', '/tasks\r\nSet-Cookie: x=1'],
    ['nothing', undefined],
    ['an empty string', ''],
  ])('refuses %s', (_what, v) => expect(sameSitePath(v)).toBeNull());
});
