/**
 * JSON.parse that also rejects duplicate member names (RFC 8259 leaves them undefined; parsers
 * disagree on which wins, which is how smuggled fields get past validation). `__proto__` becomes
 * an own property, never a prototype.
 */
export class JsonSyntaxError extends Error {
  override readonly name = 'JsonSyntaxError';
}

const MAX_DEPTH = 64;

export function parseStrictJson(text: string): unknown {
  // JSON.parse is the fast, exact grammar check; the scan below only looks for duplicate names.
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new JsonSyntaxError(error instanceof Error ? error.message : 'invalid JSON');
  }
  scanForDuplicates(text);
  return value;
}

/** Walks the (already valid) text keeping one set of names per open object. */
function scanForDuplicates(text: string): void {
  const stack: (Set<string> | null)[] = [];
  let i = 0;
  let expectKey = false;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const start = i + 1;
      let escaped = false;
      i++;
      while (i < text.length) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) {
          escaped = true;
          i += 2;
          continue;
        }
        if (d === 0x22) break;
        i++;
      }
      const top = stack[stack.length - 1];
      if (expectKey && top) {
        const raw = text.slice(start, i);
        const name = escaped ? (JSON.parse(`"${raw}"`) as string) : raw;
        if (top.has(name))
          throw new JsonSyntaxError(`duplicate member name "${name.slice(0, 50)}"`);
        top.add(name);
        expectKey = false;
      }
      i++;
      continue;
    }
    if (c === 0x7b /* { */) {
      stack.push(new Set());
      if (stack.length > MAX_DEPTH) throw new JsonSyntaxError('nested too deeply');
      expectKey = true;
    } else if (c === 0x5b /* [ */) {
      stack.push(null);
      if (stack.length > MAX_DEPTH) throw new JsonSyntaxError('nested too deeply');
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
    } else if (c === 0x2c /* , */) {
      expectKey = stack[stack.length - 1] instanceof Set;
    }
    i++;
  }
}
