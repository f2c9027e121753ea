import { parseTree } from 'jsonc-parser';

/**
 * The exact text of a top-level member's value in a JSON object document, as it appears in the
 * document (spacing, key order and escapes untouched), or undefined when there is no such member.
 * With a repeated name the last one counts, as with JSON.parse. The caller has already checked
 * that `text` is strict JSON (jsonc-parser alone would also accept comments).
 */
export function jsonMemberText(text: string, name: string): string | undefined {
  const root = parseTree(text);
  if (root?.type !== 'object') return undefined;
  const member = root.children?.findLast((property) => property.children?.[0]?.value === name)?.children?.[1];
  return member && text.slice(member.offset, member.offset + member.length);
}
