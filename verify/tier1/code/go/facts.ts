import type { Node } from 'web-tree-sitter';
import type { EnvReadFact, HeaderFact, ImportFact } from '../facts.js';
import { isHeaderReceiver } from '../rules.js';
import { spanOf } from '../tree/nodes.js';
import { argumentsOf, pathOf, staticText, stringValue } from './syntax.js';

/** Import specs, aliased, blank (`_`) and dot imports alike. */
export function goImports(root: Node): ImportFact[] {
  return root.descendantsOfType('import_spec').flatMap((spec) => {
    const module = stringValue(spec.childForFieldName('path'));
    return module ? [{ modules: [module], separator: '/' as const, what: 'import', span: spanOf(spec) }] : [];
  });
}

const ENV_GETTERS = new Set(['os.Getenv', 'os.LookupEnv', 'syscall.Getenv']);

/** `os.Getenv("X")`, `os.LookupEnv("X")`. */
export function goEnvReads(root: Node): EnvReadFact[] {
  return root.descendantsOfType('call_expression').flatMap((call) => {
    const path = pathOf(call).join('.');
    const variable = ENV_GETTERS.has(path) ? stringValue(argumentsOf(call)[0]) : undefined;
    return variable ? [{ variable, what: `${path}(…)`, span: spanOf(call) }] : [];
  });
}

/** `w.Header().Set/Add("X", v)`, `h.Set(…)` on a header-named receiver, gin/echo `c.Header("X", v)`, `w.Header()["X"] = …`. */
export function goHeaders(root: Node): HeaderFact[] {
  const facts: HeaderFact[] = [];
  for (const node of root.descendantsOfType(['call_expression', 'assignment_statement'])) {
    if (node.type === 'call_expression') {
      const path = pathOf(node);
      const name = path.at(-1);
      const args = argumentsOf(node);
      const setter = ((name === 'Set' || name === 'Add') && isHeaderReceiver(path.slice(0, -1))) || (name === 'Header' && args.length === 2);
      const header = setter ? stringValue(args[0]) : undefined;
      if (header) {
        const text = staticText(args[1]);
        facts.push({ header, value: text === undefined ? { known: false } : { known: true, text }, what: `${path.join('.')}(…)`, span: spanOf(node) });
      }
    } else if (node.type === 'assignment_statement') {
      const target = node.childForFieldName('left')?.namedChildren[0];
      const header = target?.type === 'index_expression' && pathOf(target).includes('Header') ? stringValue(target.childForFieldName('index')) : undefined;
      if (header) facts.push({ header, value: { known: false }, what: 'Header()[…] =', span: spanOf(node) });
    }
  }
  return facts;
}
