import { Environment } from '@marcbachmann/cel-js';

/**
 * Google's `string.extract(template)`: the template holds one `{name}` placeholder; the result is
 * the text that stands where the placeholder is, i.e. after the first occurrence of the text before
 * `{` and up to the next occurrence of the text after `}` (or to the end when nothing follows the
 * placeholder). No match → the empty string. E.g. `'arn:aws:sts::1:assumed-role/r/s'
 * .extract('assumed-role/{role}/')` is `r`. [derived from Google's documented examples]
 */
export function extract(value: string, template: string): string {
  const open = template.indexOf('{');
  const close = template.indexOf('}', open);
  if (open < 0 || close < 0) return '';
  const before = template.slice(0, open);
  const after = template.slice(close + 1);
  const start = value.indexOf(before);
  if (start < 0) return '';
  const from = start + before.length;
  if (after === '') return value.slice(from);
  const end = value.indexOf(after, from);
  return end < 0 ? '' : value.slice(from, end);
}

// `google` is a built-in constant of this CEL library (for google.protobuf.*), so the condition's
// `google` keyword is bound under another name and rewritten outside string literals.
const GOOGLE_VAR = '__google__';

const environment = new Environment({
  unlistedVariablesAreDyn: true,
  homogeneousAggregateLiterals: false,
})
  .registerVariable('assertion', 'map')
  .registerVariable('attribute', 'map')
  .registerVariable(GOOGLE_VAR, 'map')
  .registerFunction('string.extract(string): string', extract);

/** Renames the identifier `google` (not inside strings, not after a `.`) to the bound variable. */
export function rewriteGoogle(expression: string): string {
  let out = '';
  let i = 0;
  while (i < expression.length) {
    const c = expression[i] as string;
    if (c === '"' || c === "'") {
      const triple = expression.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      let j = i + quote.length;
      while (j < expression.length && !expression.startsWith(quote, j))
        j += expression[j] === '\\' ? 2 : 1;
      out += expression.slice(i, j + quote.length);
      i = j + quote.length;
      continue;
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(expression.slice(i));
    if (m) {
      const prev = out.trimEnd().at(-1);
      out += m[0] === 'google' && prev !== '.' ? GOOGLE_VAR : m[0];
      i += m[0].length;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

export interface CelContext {
  assertion: Readonly<Record<string, unknown>>;
  google?: Readonly<Record<string, unknown>>;
  attribute?: Readonly<Record<string, unknown>>;
}

export type CelResult = { ok: true; value: unknown } | { ok: false; error: string };

/** Evaluates a Google attribute mapping or condition expression with a real CEL engine. */
export function evaluateCel(expression: string, context: CelContext): CelResult {
  try {
    const value = environment.evaluate(rewriteGoogle(expression), {
      assertion: context.assertion,
      attribute: context.attribute ?? {},
      [GOOGLE_VAR]: context.google ?? {},
    });
    return { ok: true, value: typeof value === 'bigint' ? Number(value) : value };
  } catch (error) {
    return { ok: false, error: (error as Error).message.split('\n')[0] ?? String(error) };
  }
}

/** Parses only: `undefined` when the expression is valid CEL, else the error. */
export function checkCelSyntax(expression: string): string | undefined {
  try {
    environment.parse(rewriteGoogle(expression));
    return undefined;
  } catch (error) {
    return (error as Error).message.split('\n')[0];
  }
}
