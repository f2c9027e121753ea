import type { Node, Tree } from 'web-tree-sitter';

const blank = (s: string) => s.replace(/[^\r\n]/g, ' ');

/** One mask per parsed file and run, shared by every code_only assertion on it. */
const masked = new WeakMap<Tree, string>();

/**
 * The Python text with comments and string text blanked (line breaks kept), from the parse:
 * the expressions inside an f-string's `{…}` are code and stay, which a lexer that sees one
 * string token cannot tell.
 */
export function maskPythonNonCode(tree: Tree, text: string): string {
  const hit = masked.get(tree);
  if (hit !== undefined) return hit;
  const ranges: Array<[number, number]> = [];
  const visit = (node: Node): void => {
    if (node.type === 'comment') ranges.push([node.startIndex, node.endIndex]);
    else if (node.type === 'string') {
      for (const part of node.children) if (part && part.type !== 'interpolation') ranges.push([part.startIndex, part.endIndex]);
      for (const part of node.children) if (part?.type === 'interpolation') visit(part);
    } else for (const child of node.children) if (child) visit(child);
  };
  visit(tree.rootNode);
  ranges.sort((a, b) => a[0] - b[0]);
  // web-tree-sitter parses the JS string as UTF-16: its indices are string indices.
  const out: string[] = [];
  let mark = 0;
  for (const [start, end] of ranges) {
    if (end <= mark) continue;
    const from = Math.max(start, mark);
    out.push(text.slice(mark, from), blank(text.slice(from, end)));
    mark = end;
  }
  out.push(text.slice(mark));
  const result = out.join('');
  masked.set(tree, result);
  return result;
}
