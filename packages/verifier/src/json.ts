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
const COLON = 0x3a;

function isJsonWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/**
 * Member names written in valid JSON text: in JSON a string is a member name exactly when the next
 * non-whitespace character is `:`. Walks from string to string with `indexOf`.
 */
function countWrittenMembers(text: string): number {
  let count = 0;
  let start = text.indexOf('"');
  while (start !== -1) {
    let end = text.indexOf('"', start + 1);
    // A quote preceded by an odd number of backslashes is part of the string.
    while (text.charCodeAt(end - 1) === BACKSLASH) {
      let backslashes = 1;
      while (text.charCodeAt(end - 1 - backslashes) === BACKSLASH) backslashes++;
      if (backslashes % 2 === 0) break;
      end = text.indexOf('"', end + 1);
    }
    let next = end + 1;
    let code = text.charCodeAt(next);
    while (isJsonWhitespace(code)) code = text.charCodeAt(++next);
    if (code === COLON) count++;
    start = code === QUOTE ? next : text.indexOf('"', next);
  }
  return count;
}

/**
 * Members present in the parsed value, refusing `__proto__` (however it was spelled). Iterative, so
 * deep nesting cannot overflow the stack.
 */
function countParsedMembers(root: object): number {
  let count = 0;
  const pending: object[] = [root];
  while (pending.length > 0) {
    const value = pending.pop() as object;
    const children: unknown[] = Array.isArray(value) ? value : Object.values(value);
    if (!Array.isArray(value)) {
      if (Object.hasOwn(value, '__proto__'))
        throw new JsonError('a "__proto__" member is not allowed');
      count += children.length;
    }
    for (const child of children) {
      if (typeof child === 'object' && child !== null) pending.push(child);
    }
  }
  return count;
}

/**
 * Each parsed object has at most as many members as the text wrote for it, and exactly as many
 * when its names are distinct — so the totals are equal exactly when no object repeats a name,
 * whatever escapes spell the names (JSON.parse has already decoded them).
 */
export function assertNoDuplicateMembers(text: string, parsed: object): void {
  if (countParsedMembers(parsed) !== countWrittenMembers(text)) {
    throw new JsonError('duplicate member name');
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
  if (typeof value === 'object' && value !== null) assertNoDuplicateMembers(text, value);
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
