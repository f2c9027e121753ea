import { describe, expect, it } from 'vitest';
import { adfBulletList, adfDocument, adfParagraph, adfText, adfToText } from './adf.js';

describe('Atlassian Document Format', () => {
  it('turns paragraphs, headings, lists, breaks, mentions and code into plain lines', () => {
    const doc = {
      type: 'doc',
      version: 1,
      content: [
        { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Upload service' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'Users upload ' }, { type: 'text', text: 'files', marks: [{ type: 'strong' }] }, { type: 'hardBreak' }, { type: 'text', text: 'to S3.' }] },
        { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'JWT auth' }] }] }, { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'pre-signed URLs' }] }] }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'Owner: ' }, { type: 'mention', attrs: { id: 'x', text: '@Ana' } }] },
        { type: 'codeBlock', content: [{ type: 'text', text: 'PUT /files' }] },
      ],
    };
    expect(adfToText(doc)).toBe('Upload service\nUsers upload files\nto S3.\n- JWT auth\n- pre-signed URLs\nOwner: @Ana\nPUT /files');
  });

  it('reads a plain string as it is and ignores what is not a document', () => {
    expect(adfToText('  plain text  ')).toBe('plain text');
    expect(adfToText(null)).toBe('');
    expect(adfToText({ type: 'doc', content: [{ type: 'paragraph', content: 'not a list' }] })).toBe('');
  });

  it('stops at the depth limit instead of recursing without end', () => {
    let node: Record<string, unknown> = { type: 'text', text: 'deep' };
    for (let i = 0; i < 100; i++) node = { type: 'paragraph', content: [node] };
    expect(adfToText(node, 50)).toBe('');
    expect(adfToText(node, 200)).toBe('deep');
  });

  it('builds documents that read back as their text', () => {
    const doc = adfDocument(adfParagraph(adfText('see '), adfText('the model', 'https://assay.example/models/M1')), adfBulletList(['one', 'two']));
    expect(doc.content[0]!.content![1]!.marks).toEqual([{ type: 'link', attrs: { href: 'https://assay.example/models/M1' } }]);
    expect(adfToText(doc)).toBe('see the model\n- one\n- two');
  });
});
