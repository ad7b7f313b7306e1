/**
 * Subject globs. Separators are `:` and `/`. `*` matches any run of characters (possibly empty)
 * inside one segment and never crosses a separator; `**`, allowed only as the whole last segment,
 * matches all remaining segments (at least one character). No other character is special.
 *
 * Matching is segment by segment with indexOf, never a backtracking regular expression, so a
 * pattern cannot be made to take super-linear time per segment pair.
 */
export interface Glob {
  readonly pattern: string;
  /** Segments (with `*`) interleaved with separators: [seg, sep, seg, …]. Without a `**` tail. */
  readonly tokens: readonly string[];
  /** Whether the pattern ends with a `**` segment. */
  readonly tail: boolean;
}

function isSeparator(code: number): boolean {
  return code === 0x3a /* : */ || code === 0x2f /* / */;
}

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (isSeparator(text.charCodeAt(i))) {
      tokens.push(text.slice(start, i), text.charAt(i));
      start = i + 1;
    }
  }
  tokens.push(text.slice(start));
  return tokens;
}

/** Compiles a glob, or returns why it is invalid. */
export function compileGlob(pattern: string): Glob | string {
  if (pattern.length === 0) return 'must not be empty';
  const tokens = tokenize(pattern);
  let tail = false;
  if (tokens[tokens.length - 1] === '**') {
    tail = true;
    tokens.pop();
  }
  for (let i = 0; i < tokens.length; i += 2) {
    if ((tokens[i] as string).includes('**')) {
      return '"**" is allowed only as the whole last segment (e.g. "pulumi:deploy:org:acme:**")';
    }
  }
  if (!/[^*:/]/.test(pattern)) return 'must contain at least one literal character';
  return { pattern, tokens, tail };
}

/** `*`-only wildcard match of one segment (no separators on either side). */
function matchSegment(pattern: string, value: string): boolean {
  const star = pattern.indexOf('*');
  if (star < 0) return pattern === value;
  const parts = pattern.split('*');
  const first = parts[0] as string;
  const last = parts[parts.length - 1] as string;
  if (value.length < first.length + last.length) return false;
  if (!value.startsWith(first) || !value.endsWith(last)) return false;
  let position = first.length;
  const end = value.length - last.length;
  for (let i = 1; i < parts.length - 1; i++) {
    const part = parts[i] as string;
    const found = value.indexOf(part, position);
    if (found < 0 || found + part.length > end) return false;
    position = found + part.length;
  }
  return true;
}

export function matchGlob(glob: Glob, value: string): boolean {
  const tokens = tokenize(value);
  const patternTokens = glob.tokens;
  if (glob.tail) {
    // The pattern tokens end with a separator; the value must continue after it.
    if (tokens.length <= patternTokens.length) return false;
  } else if (tokens.length !== patternTokens.length) {
    return false;
  }
  for (let i = 0; i < patternTokens.length; i++) {
    const pattern = patternTokens[i] as string;
    const actual = tokens[i] as string;
    if (i % 2 === 1) {
      if (pattern !== actual) return false;
    } else if (!matchSegment(pattern, actual)) {
      return false;
    }
  }
  if (glob.tail) {
    // Everything after the prefix: at least one character.
    const rest = tokens.slice(patternTokens.length).join('');
    return rest.length > 0;
  }
  return true;
}
