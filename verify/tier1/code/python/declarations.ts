import type { Node } from 'web-tree-sitter';
import type { DecoratorFact } from '../facts.js';
import type { DeclaredFunction } from '../function-fact.js';
import { namedChildren, spanOf } from '../tree/nodes.js';
import { pathOf } from './syntax.js';

/** A `def` or a `class` (both carry the fields of a declared function). */
export interface PyDecl extends DeclaredFunction {
  kind: 'function' | 'class';
  /** The `function_definition` or `class_definition` node. */
  node: Node;
  /** Whether it sits directly in a class body (a method) or at module level. */
  place: 'module' | 'class' | 'nested';
}

/**
 * `def`/`async def` (methods get their class chain as containers) and `class` statements,
 * decorators included. Scope is the syntax tree's blocks, never indentation.
 */
export function pyDeclarations(root: Node): PyDecl[] {
  return root.descendantsOfType(['function_definition', 'class_definition']).flatMap((node): PyDecl[] => {
    const name = node.childForFieldName('name')?.text;
    if (!name) return [];
    const outer = node.parent?.type === 'decorated_definition' ? node.parent : node;
    const { place, containers } = placeOf(outer);
    const isClass = node.type === 'class_definition';
    const isAsync = node.firstChild?.type === 'async';
    return [
      {
        kind: isClass ? 'class' : 'function',
        name,
        containers: isClass || place === 'class' ? containers : [],
        what: isClass ? 'class' : `${isAsync ? 'async def' : 'def'}${place === 'class' ? ' method' : ''}`,
        span: spanOf(outer),
        decorators: outer === node ? [] : namedChildren(outer).filter((c) => c.type === 'decorator').map(decoratorFact),
        node,
        place,
      },
    ];
  });
}

/** Where a definition sits: the nearest enclosing def or class decides; classes up to a def are its containers. */
function placeOf(definition: Node): { place: PyDecl['place']; containers: string[] } {
  const containers: string[] = [];
  let place: PyDecl['place'] | undefined;
  for (let node = definition.parent; node; node = node.parent) {
    if (node.type === 'function_definition' || node.type === 'lambda') {
      place ??= 'nested';
      break;
    }
    if (node.type === 'class_definition') {
      place ??= 'class';
      containers.unshift(node.childForFieldName('name')?.text ?? '?');
    }
  }
  return { place: place ?? 'module', containers };
}

function decoratorFact(decorator: Node): DecoratorFact {
  const expr = namedChildren(decorator).find((c) => c.type !== 'comment');
  return { name: expr ? pathOf(expr).join('.') : decorator.text.slice(1), span: spanOf(decorator) };
}
