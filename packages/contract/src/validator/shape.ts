type Json = Record<string, unknown>;

/** The keywords that judge a value's content rather than the request's shape. */
export const VALUE_KEYWORDS: readonly string[] = Object.freeze([
  'pattern',
  'format',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'uniqueItems',
]);

/** Keywords whose value maps names to schemas (the names are data, not keywords). */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'schemas']);

/**
 * A copy of a schema (or of the document's `components`) without its value keywords: what is
 * left checks required and unknown fields, types, enums and consts.
 */
export function withoutValueKeywords<T>(schema: T): T {
  return strip(schema, false) as T;
}

function strip(node: unknown, isMap: boolean): unknown {
  if (Array.isArray(node)) return node.map((item) => strip(item, false));
  if (typeof node !== 'object' || node === null) return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node as Json)) {
    if (isMap) out[key] = strip(value, false);
    else if (VALUE_KEYWORDS.includes(key)) continue;
    else if (key === 'enum' || key === 'const' || key === 'default' || key === 'examples')
      out[key] = value;
    else out[key] = strip(value, SCHEMA_MAPS.has(key));
  }
  return out;
}
