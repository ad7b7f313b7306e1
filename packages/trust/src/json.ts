import { TrustInputError } from './errors.js';
import { pointerToken } from './types.js';

/** A member name that appears twice in one object: `JSON.parse` keeps the last and drops the first. */
export interface DuplicateKey {
  /** Pointer to the object holding the duplicate. */
  path: string;
  key: string;
}

export interface ParsedJson {
  value: unknown;
  duplicates: DuplicateKey[];
}

/**
 * Parses JSON as `JSON.parse` does (last duplicate wins) and also reports every duplicate member
 * name, with where it is. Throws `TrustInputError('invalid_json')` naming `source` and the offset.
 */
export function parseJson(text: string, source: string): ParsedJson {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new TrustInputError(
      'invalid_json',
      source,
      '',
      `not JSON (${(error as Error).message})`,
      {
        cause: error,
      },
    );
  }
  const duplicates: DuplicateKey[] = [];
  scan(text, duplicates);
  return { value, duplicates };
}

// A small scanner over already-valid JSON: it only tracks objects, member names and paths.
function scan(text: string, out: DuplicateKey[]): void {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const str = (): string => {
    const start = i;
    i++;
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (path: string): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const seen = new Set<string>();
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        const key = str();
        if (seen.has(key)) out.push({ path: path || '', key });
        seen.add(key);
        ws();
        i++; // ':'
        value(`${path}/${pointerToken(key)}`);
        ws();
        if (text[i++] === '}') return;
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (let n = 0; ; n++) {
        value(`${path}/${n}`);
        ws();
        if (text[i++] === ']') return;
      }
    } else if (c === '"') {
      str();
    } else {
      while (i < text.length && !',]} \t\n\r'.includes(text[i] as string)) i++;
    }
  };
  value('');
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
