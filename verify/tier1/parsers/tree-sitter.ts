import { createRequire } from 'node:module';
import { Language, Parser, type Node, type Tree } from 'web-tree-sitter';
import type { SyntaxErrorRegion, TreeLanguage } from '../check.js';

const require = createRequire(import.meta.url);

/** Initialised once per process: the runtime, then each grammar on first use. */
let runtime: Promise<void> | undefined;
const parsers = new Map<TreeLanguage, Promise<Parser>>();

function loadParser(language: TreeLanguage): Promise<Parser> {
  let parser = parsers.get(language);
  if (!parser) {
    parser = (async () => {
      await (runtime ??= Parser.init());
      // The grammar packages ship prebuilt WASM beside their package.json; their `main` is a
      // native binding we never load.
      const grammar = await Language.load(require.resolve(`tree-sitter-${language}/tree-sitter-${language}.wasm`));
      return new Parser().setLanguage(grammar);
    })();
    parser.catch(() => parsers.delete(language));
    parsers.set(language, parser);
  }
  return parser;
}

export async function parseTree(language: TreeLanguage, text: string): Promise<{ tree: Tree; syntaxErrors: SyntaxErrorRegion[] }> {
  const parser = await loadParser(language);
  const tree = parser.parse(text);
  if (!tree) throw new Error(`tree-sitter returned no tree for ${language}`);
  return { tree, syntaxErrors: tree.rootNode.hasError ? errorRegions(tree.rootNode) : [] };
}

/** ERROR and MISSING nodes, found by descending only into subtrees that contain one. */
function errorRegions(root: Node): SyntaxErrorRegion[] {
  const regions: SyntaxErrorRegion[] = [];
  const visit = (node: Node): void => {
    if (node.isError || node.isMissing) {
      regions.push({
        startLine: node.startPosition.row + 1,
        endLine: node.endPosition.row + 1,
        message: node.isMissing ? `missing ${node.type}` : 'unexpected syntax',
      });
      return;
    }
    for (const child of node.children) if (child.hasError || child.isMissing) visit(child);
  };
  visit(root);
  return regions;
}
