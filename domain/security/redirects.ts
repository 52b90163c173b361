/**
 * Where a form may send the user back to: a path of this site only. `//evil.example`, `/\evil.example` (browsers read
 * a backslash as a slash) and anything with a scheme or control characters would leave it (open redirect, CWE-601).
 * Anything but one string (a repeated query parameter arrives as an array) is refused too.
 */
export function sameSitePath(value: unknown): string | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2000) return null;
  if (!value.startsWith('/') || value.startsWith('//')) return null;
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\\\u0000-\u001f\u007f]/.test(value)) return null;
  return value;
}
