import type { Response } from 'express';

/**
 * Sends a stored notice (a complete, self-contained HTML document rendered by an activity) as its own printable page.
 * The document carries its print styles inline and no scripts, so its CSP allows inline styles and nothing else.
 */
export function sendNoticeDocument(res: Response, html: string): void {
  res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
  res.type('html').send(html);
}
