/** One user's session cookies for the scripted clients (chaos, load, the cluster walk): what fetch needs to act as a browser. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  /** The fetch options of a GET, or of a POST of a url-encoded form, carrying the session; redirects not followed. */
  init(method: string, form?: Record<string, string>): RequestInit {
    return {
      method,
      redirect: 'manual',
      headers: {
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
    };
  }

  /** Keeps the cookies an answer sets. */
  keep(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair.indexOf('=');
      this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  }
}
