import { describe, expect, it } from 'vitest';
import { JsonSyntaxError, parseStrictJson } from '../../src/http/strict-json.js';

describe('parseStrictJson', () => {
  it.each([
    ['{"a":1}', { a: 1 }],
    ['{"a":{"a":1},"b":[{"a":1},{"a":2}]}', { a: { a: 1 }, b: [{ a: 1 }, { a: 2 }] }],
    ['{"a":"{\\"a\\":1,\\"a\\":2}"}', { a: '{"a":1,"a":2}' }],
    ['{"a\\"b":1,"a":2}', { 'a"b': 1, a: 2 }],
    ['[1,"x",null]', [1, 'x', null]],
    ['{"x":[],"y":{}}', { x: [], y: {} }],
  ])('accepts %s', (text, value) => {
    expect(parseStrictJson(text)).toEqual(value);
  });

  it.each([
    '{"a":1,"a":2}',
    '{"a":1,"b":{"c":1,"c":1}}',
    '[{"a":1,"a":1}]',
    '{"a":[1,2],"a":3}',
    '{"\\u0061":1,"a":2}',
    '{"a":1',
    '{a:1}',
    "{'a':1}",
    '{"a":1,}',
    '',
  ])('refuses %s', (text) => {
    expect(() => parseStrictJson(text)).toThrow(JsonSyntaxError);
  });

  it('keeps __proto__ an own property, never the prototype', () => {
    const value = parseStrictJson('{"__proto__":{"polluted":true}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(value)).toEqual(['__proto__']);
  });

  it('refuses absurd nesting', () => {
    expect(() => parseStrictJson(`${'['.repeat(100)}${']'.repeat(100)}`)).toThrow(/nested/);
  });
});
