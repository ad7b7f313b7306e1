/**
 * JSON parsing that refuses what `JSON.parse` silently accepts: duplicate member names (the last
 * one wins in `JSON.parse`, the first one in other parsers, so two parties can read two different
 * claim sets from one token) and `__proto__` members (harmless in `JSON.parse`'s own output, but a
 * prototype-pollution gadget as soon as anyone copies the object with `Object.assign`).
 */
export class JsonError extends Error {
  override readonly name = 'JsonError';
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;

/** Marks an array level on the scanner's stack. */
const ARRAY = null;

/**
 * Walks already-valid JSON text and checks every object's member names. Runs after `JSON.parse`
 * accepted the text, so it only has to track nesting and strings.
 */
export function assertNoDuplicateMembers(text: string): void {
  const stack: Array<Set<string> | typeof ARRAY> = [];
  let expectKey = false;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const start = i + 1;
      let end = text.indexOf('"', start);
      // A quote preceded by an odd number of backslashes is part of the string.
      for (;;) {
        let backslashes = 0;
        for (let j = end - 1; j >= start && text.charCodeAt(j) === BACKSLASH; j--) backslashes++;
        if (backslashes % 2 === 0) break;
        end = text.indexOf('"', end + 1);
      }
      if (expectKey) {
        expectKey = false;
        const raw = text.slice(start, end);
        // Escapes can spell the same name differently ("iss" and "\u0069ss"): compare decoded names.
        const name = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
        if (name === '__proto__') throw new JsonError('a "__proto__" member is not allowed');
        const keys = stack[stack.length - 1] as Set<string>;
        if (keys.has(name)) throw new JsonError('duplicate member name');
        keys.add(name);
      }
      i = end;
    } else if (c === OPEN_OBJECT) {
      stack.push(new Set());
      expectKey = true;
    } else if (c === OPEN_ARRAY) {
      stack.push(ARRAY);
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      stack.pop();
      expectKey = false;
    } else if (c === COMMA) {
      expectKey = stack[stack.length - 1] !== ARRAY;
    }
  }
}

/** `JSON.parse` plus duplicate-member and `__proto__` rejection. Throws `JsonError`. */
export function parseJsonStrict(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new JsonError('not valid JSON');
  }
  // Scalars cannot hold members; skip the scan.
  if (typeof value === 'object' && value !== null) assertNoDuplicateMembers(text);
  return value;
}

/** Like `parseJsonStrict` but the top level must be a JSON object (not an array or scalar). */
export function parseJsonObject(text: string): Record<string, unknown> {
  const value = parseJsonStrict(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new JsonError('not a JSON object');
  }
  return value as Record<string, unknown>;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
