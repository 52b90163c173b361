import type { Response } from 'express';

/**
 * Sends a stored notice (a complete, self-contained HTML document rendered by an activity) as its own printable page.
 * The document carries its print styles inline and loads one script of ours (/assets/print.js, the print button), so
 * its CSP allows inline styles and scripts from this origin only, never inline ones.
 */
export function sendNoticeDocument(res: Response, html: string): void {
  res.setHeader(
    'Content-Security-Policy',
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; img-src data:",
  );
  res.type('html').send(html);
}
