/**
 * 認定調査票・主治医意見書 records on SQLite and PostgreSQL: draft and completion, a correction keeping the version
 * read before, and the insurer scope (another insurer's case has no documents).
 */
import { createRepositories } from '../../db';
import { parseValues } from '../../domain/documents/items';
import { databases } from './databases';

const W = { insurerNo: '432130', workflowId: 'cert-432130-D1', kind: 'survey' as const, formVersion: '2009' };

describe.each(databases('documents'))('case documents on %s', (_name, open) => {
  it('keeps a draft, completes it, and keeps each completed version on correction', async () => {
    const { db, cleanup } = await open();
    try {
      const repos = createRepositories(db);
      const d = repos.documents;
      const at = (n: number) => `2026-11-2${n}T01:00:00.000Z`;
      expect(await d.saveDraft({ ...W, values: { items: { s1_3: '2' }, notes: {} }, by: 'chosa', at: at(0) })).toBe(
        true,
      );
      expect(await d.saveDraft({ ...W, values: { items: { s1_3: '3' }, notes: {} }, by: 'chosa', at: at(1) })).toBe(
        true,
      );
      const draft = await d.getDocument(W.insurerNo, W.workflowId, 'survey');
      expect(draft).toMatchObject({ status: 'draft', version: 0, updated_by: 'chosa' });
      expect(parseValues(draft!.values_json).items).toEqual({ s1_3: '3' });

      const first = await d.completeDocument({
        ...W,
        values: { items: { s1_3: '3' }, notes: {} },
        by: 'chosa',
        at: at(2),
      });
      expect(first).toMatchObject({ status: 'completed', version: 1, completed_by: 'chosa', fed_at: null });
      // a completed record does not go back to draft
      expect(await d.saveDraft({ ...W, values: { items: {}, notes: {} }, by: 'chosa', at: at(3) })).toBe(false);
      await d.markFed(W.insurerNo, first.id, at(3));

      const corrected = await d.completeDocument({
        ...W,
        values: { items: { s1_3: '1' }, notes: { s1_3: '訂正' } },
        by: 'kakaricho',
        at: at(4),
      });
      expect(corrected).toMatchObject({ id: first.id, version: 2, completed_by: 'kakaricho', fed_at: at(3) });
      const versions = await d.documentVersions(W.insurerNo, first.id);
      expect(versions.map((v) => [v.version, JSON.parse(v.values_json).items.s1_3, v.completed_by])).toEqual([
        [2, '1', 'kakaricho'],
        [1, '3', 'chosa'],
      ]);

      // another insurer sees nothing of it
      expect(await d.getDocument('439999', W.workflowId, 'survey')).toBeUndefined();
      expect(await d.documentsOf('439999', W.workflowId)).toEqual([]);
      expect(await d.documentVersions('439999', first.id)).toEqual([]);
      expect((await d.documentsOf(W.insurerNo, W.workflowId)).map((r) => r.doc_kind)).toEqual(['survey']);
    } finally {
      await cleanup();
    }
  });
});
