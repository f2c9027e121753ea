import { describe, expect, it } from 'vitest';
import { jsonDepthExceeds } from './json-depth.js';

const nested = (depth: number): unknown => (depth === 0 ? 1 : { a: nested(depth - 1) });

describe('jsonDepthExceeds', () => {
  it.each([
    ['a scalar', 1, 0, false],
    ['one object at limit 1', { a: 1 }, 1, false],
    ['an array inside an object at limit 1', { a: [1] }, 1, true],
    ['120 levels at limit 32', nested(120), 32, true],
    ['32 levels at limit 32', nested(32), 32, false],
  ])('%s', (_, value, limit, expected) => {
    expect(jsonDepthExceeds(value, limit)).toBe(expected);
  });
});
