/**
 * multipart/form-data for the one page that uploads a file (the register import): no multipart package is installed,
 * and the form has text fields and one file. Runs after express.raw has read the body; leaves req.body as
 * { field: value, …, file: { name, content } } so the CSRF check and parseForm see the fields as usual.
 */
import type { NextFunction, Request, Response } from 'express';

/** An uploaded file, read as UTF-8 text. */
export interface UploadedFile {
  name: string;
  content: string;
}

/** Splits a multipart body into its text fields and files (by field name). */
export function parseMultipart(body: Buffer, contentType: string): Record<string, string | UploadedFile> {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!m) return {};
  const boundary = Buffer.from(`--${m[1] ?? m[2]}`);
  const out: Record<string, string | UploadedFile> = {};
  let pos = body.indexOf(boundary);
  while (pos !== -1) {
    const next = body.indexOf(boundary, pos + boundary.length);
    if (next === -1) break;
    const part = body.subarray(pos + boundary.length + 2, next - 2); // after CRLF, before CRLF
    const split = part.indexOf('\r\n\r\n');
    if (split !== -1) {
      const head = part.subarray(0, split).toString('utf8');
      const value = part.subarray(split + 4).toString('utf8');
      const name = /name="([^"]*)"/i.exec(head)?.[1];
      const filename = /filename="([^"]*)"/i.exec(head)?.[1];
      if (name) out[name] = filename !== undefined ? { name: filename, content: value } : value;
    }
    pos = next;
  }
  return out;
}

/** Middleware: turns a raw multipart body (Buffer) into fields and files. */
export function multipartBody(req: Request, _res: Response, next: NextFunction): void {
  if (Buffer.isBuffer(req.body)) req.body = parseMultipart(req.body, String(req.headers['content-type'] ?? ''));
  next();
}
