import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonError, parseJsonObject, parseJsonStrict } from '../src/json.js';

describe('parseJsonStrict', () => {
  it.each([
    ['top-level duplicate', '{"a":1,"a":2}'],
    ['duplicate after a nested object', '{"a":{"b":1},"a":2}'],
    ['nested duplicate', '{"a":{"b":1,"b":1}}'],
    ['duplicate inside an array element', '[{"x":1},{"y":1,"y":2}]'],
    ['escaped spelling of the same name', '{"iss":"a","\\u0069ss":"b"}'],
    ['escaped quote in both names', '{"a\\"b":1,"a\\u0022b":2}'],
    ['__proto__', '{"__proto__":{"polluted":true}}'],
    ['escaped __proto__', '{"\\u005f_proto__":{}}'],
    ['nested __proto__', '{"a":[{"__proto__":1}]}'],
  ])('refuses %s', (_name, text) => {
    expect(() => parseJsonStrict(text)).toThrow(JsonError);
  });

  it.each([
    ['same name in sibling objects', '{"a":{"x":1},"b":{"x":2}}'],
    ['a value equal to a key', '{"a":"a","b":"a"}'],
    ['names with escaped backslashes', '{"a\\\\":1,"a":2}'],
    ['a string value containing braces and quotes', '{"a":"{\\"a\\":1,\\"a\\":2}","b":1}'],
    ['arrays of strings with commas', '{"a":["x,","y"],"b":[",",":"]}'],
    ['"constructor" and "prototype" as plain names', '{"constructor":1,"prototype":2}'],
  ])('accepts %s', (_name, text) => {
    expect(parseJsonStrict(text)).toEqual(JSON.parse(text));
  });

  it('refuses what JSON.parse refuses', () => {
    expect(() => parseJsonStrict('{a:1}')).toThrow(JsonError);
    expect(() => parseJsonStrict('')).toThrow(JsonError);
  });

  it('parseJsonObject refuses arrays, scalars and null', () => {
    for (const text of ['[]', '1', '"x"', 'null', 'true']) {
      expect(() => parseJsonObject(text)).toThrow(JsonError);
    }
    expect(parseJsonObject('{}')).toEqual({});
  });

  it('agrees with JSON.parse on any JSON without duplicate names (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        // fc.jsonValue may generate "__proto__" keys; those are refused by design.
        if (text.includes('"__proto__"')) return;
        expect(parseJsonStrict(text)).toEqual(JSON.parse(text));
      }),
      { numRuns: 500 },
    );
  });

  it('finds a duplicate injected anywhere (property)', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue(), { minKeys: 1 }),
        fc.nat(),
        fc.boolean(),
        (object, pick, useEscapes) => {
          const keys = Object.keys(object).filter((key) => key !== '__proto__');
          if (keys.length === 0) return;
          const key = keys[pick % keys.length] as string;
          // Spell the duplicate differently when asked: every character as a \\u escape.
          const spelled = useEscapes
            ? `"${key
                .split('')
                .map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
                .join('')}"`
            : JSON.stringify(key);
          const text = `{${spelled}:0,${JSON.stringify(object).slice(1)}`;
          const nested = `{"outer":[1,${text}]}`;
          expect(() => parseJsonStrict(text)).toThrow(JsonError);
          expect(() => parseJsonStrict(nested)).toThrow(JsonError);
        },
      ),
      { numRuns: 300 },
    );
  });
});
