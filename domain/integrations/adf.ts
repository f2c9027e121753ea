/**
 * Atlassian Document Format (Jira Cloud REST v3 rich text): reading it as plain text for
 * generation, and building the small documents the platform writes (comments, issue bodies).
 */
export interface AdfNode {
  type: string;
  text?: string;
  attrs?: Record<string, unknown>;
  marks?: Array<{ type: string; attrs?: Record<string, unknown> }>;
  content?: AdfNode[];
}

export interface AdfDocument {
  type: 'doc';
  version: 1;
  content: AdfNode[];
}

/** Nodes after which a line ends; list items get a bullet, so the structure survives as text. */
const BLOCKS = new Set(['paragraph', 'heading', 'blockquote', 'codeBlock', 'rule', 'panel', 'tableRow', 'mediaSingle']);

/** Plain text of an ADF document (or a string, as Jira's v2 API and older webhooks send it). */
export function adfToText(value: unknown, maxDepth = 50): string {
  if (typeof value === 'string') return value.trim();
  const lines: string[] = [];
  let line = '';
  const flush = () => {
    if (line.trim() !== '') lines.push(line.trimEnd());
    line = '';
  };
  const walk = (node: unknown, depth: number, bullet: string): void => {
    if (depth > maxDepth || typeof node !== 'object' || node === null) return;
    const { type, text, attrs, content } = node as AdfNode;
    if (type === 'text' && typeof text === 'string') line += text;
    else if (type === 'hardBreak') flush();
    else if (type === 'mention' || type === 'emoji' || type === 'status') line += String(attrs?.text ?? attrs?.shortName ?? '');
    else if (type === 'inlineCard') line += String(attrs?.url ?? '');
    if (type === 'listItem') {
      flush();
      line = bullet;
    }
    const marker = type === 'orderedList' ? '1. ' : type === 'bulletList' ? '- ' : bullet;
    if (Array.isArray(content)) for (const child of content) walk(child, depth + 1, marker);
    if (type === 'tableCell' || type === 'tableHeader') line += ' | ';
    if (type !== undefined && (BLOCKS.has(type) || type === 'listItem')) flush();
  };
  walk(value, 0, '');
  flush();
  return lines.join('\n').trim();
}

export const adfText = (text: string, link?: string): AdfNode => ({ type: 'text', text, ...(link ? { marks: [{ type: 'link', attrs: { href: link } }] } : {}) });
export const adfParagraph = (...content: AdfNode[]): AdfNode => ({ type: 'paragraph', content });
export const adfHeading = (level: number, text: string): AdfNode => ({ type: 'heading', attrs: { level }, content: [adfText(text)] });
export const adfBulletList = (items: string[]): AdfNode => ({
  type: 'bulletList',
  content: items.map((item) => ({ type: 'listItem', content: [adfParagraph(adfText(item))] })),
});
export const adfDocument = (...content: AdfNode[]): AdfDocument => ({ type: 'doc', version: 1, content });
