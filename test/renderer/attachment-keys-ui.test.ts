// The message pane's attachment list, in English and Japanese: Import key only on attachments that hold public keys, and what an import added.
import { beforeAll, describe, expect, it } from 'vitest';
import type { KeyView, SecurityReport } from '../../app/contract/index.js';
import { elements, loadHarness, textOf, type Harness } from './markup.js';

let harness: Harness;
beforeAll(async () => {
  harness = await loadHarness();
});

const report = {
  attachments: [
    { name: 'invoice.pdf', type: 'application/pdf', size: 2048 },
    { name: 'bob.asc', type: 'application/pgp-keys', size: 700 },
  ],
} as SecurityReport;
const bob = { fingerprint: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678', userIds: [{ uid: 'Bob <bob@example.org>', address: 'bob@example.org', revoked: false }] } as KeyView;

describe('importing a key attached to a message', () => {
  it('offers Import key only on the attachments the services marked as keys', () => {
    const html = harness.attachmentList(report, [1], null, 'en');
    expect(elements(html, 'import-key-0')).toEqual([]);
    expect(textOf(html, 'import-key-1')).toBe('Import key');
    expect(elements(html, 'import-key-1')[0]).toContain('aria-label="Import the key in bob.asc"');
    expect(elements(html, 'key-imported')).toEqual([]);
    expect(elements(harness.attachmentList(report, [], null, 'en'), 'import-key-1')).toEqual([]);
  });

  it('says which keys were added as undecided, with the way to the key manager, in English and Japanese', () => {
    const en = harness.attachmentList(report, [1], [bob], 'en');
    expect(textOf(en, 'key-imported')).toBe('Added to your keys as undecided: Bob <bob@example.org>. Open Keys');
    const ja = harness.attachmentList(report, [1], [bob], 'ja');
    expect(textOf(ja, 'import-key-1')).toBe('鍵をインポート');
    expect(textOf(ja, 'key-imported')).toBe('未決定として鍵に追加しました: Bob <bob@example.org>。 鍵を開く');
  });
});
