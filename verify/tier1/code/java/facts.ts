import type { Node } from 'web-tree-sitter';
import type { EnvReadFact, ImportFact, TestFact } from '../facts.js';
import { namedChildren, spanOf } from '../tree/nodes.js';
import type { JavaMethodDecl } from './declarations.js';
import { argumentsOf, pathOf, stringValue } from './syntax.js';

/** `import a.b.C;` → a.b.C, `import a.b.*;` → a.b, `import static a.b.C.m;` → a.b.C.m. */
export function javaImports(root: Node): ImportFact[] {
  return root.descendantsOfType('import_declaration').flatMap((decl) => {
    const name = namedChildren(decl).find((c) => c.type === 'scoped_identifier' || c.type === 'identifier');
    return name ? [{ modules: [name.text.replace(/\s/g, '')], separator: '.' as const, what: 'import', span: spanOf(decl) }] : [];
  });
}

/** `System.getenv("X")` and `System.getenv().get("X")`. */
export function javaEnvReads(root: Node): EnvReadFact[] {
  return root.descendantsOfType('method_invocation').flatMap((call) => {
    const path = pathOf(call).join('.');
    const variable = path === 'System.getenv' || path === 'System.getenv.get' ? stringValue(argumentsOf(call)[0]) : undefined;
    return variable ? [{ variable, what: `${path}(…)`, span: spanOf(call) }] : [];
  });
}

const TEST_ANNOTATIONS = new Set(['Test', 'ParameterizedTest', 'RepeatedTest', 'TestFactory', 'TestTemplate']);
/** Disabled, or enabled only under a condition (decided at run time, so it fails closed). */
const SKIPPING = /^(?:Disabled|Ignore|DisabledIf|DisabledOn|EnabledIf|EnabledOn)/;
const last = (name: string): string => name.split('.').at(-1) ?? '';

/** JUnit 4/5 test methods, named `Class.method` plus their `@DisplayName`; `@Disabled`/`@Ignore` on the method or a class skip it. */
export function javaTests(methods: JavaMethodDecl[], root: Node): TestFact[] {
  const skippedClasses = new Set(
    root
      .descendantsOfType(['class_declaration'])
      .filter((cls) => namedChildren(cls).some((c) => c.type === 'modifiers' && /@(?:[\w.]+\.)?(?:Disabled|Ignore)\b/.test(c.text)))
      .map((cls) => cls.childForFieldName('name')?.text),
  );
  return methods.flatMap((method) => {
    if (!method.decorators.some((d) => TEST_ANNOTATIONS.has(last(d.name)))) return [];
    const display = method.decorators.find((d) => last(d.name) === 'DisplayName');
    const displayText = display ? displayName(method.node) : undefined;
    const skipped = method.decorators.some((d) => SKIPPING.test(last(d.name))) || method.containers.some((c) => skippedClasses.has(c));
    const name = `${[...method.containers, method.name].join('.')}${displayText ? ` (${displayText})` : ''}`;
    return [{ name, skipped, span: method.span }];
  });
}

function displayName(method: Node): string | undefined {
  const modifiers = namedChildren(method).find((c) => c.type === 'modifiers');
  const annotation = modifiers && namedChildren(modifiers).find((a) => a.type === 'annotation' && last(a.childForFieldName('name')?.text ?? '') === 'DisplayName');
  const args = annotation?.childForFieldName('arguments');
  return args ? stringValue(namedChildren(args)[0]) : undefined;
}
