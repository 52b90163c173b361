export { renderNoticeHtml } from '../lib/notice-html';

/** A notice to render from templates/notices and store under `${workflowId}:${key}` (the first rendering wins). */
export interface NoticeRequest {
  workflowId: string;
  key: string;
  kind: string;
  title: string;
  template: string;
  data: Record<string, unknown>;
  issuedAt: string;
}
