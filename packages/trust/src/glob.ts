/**
 * Vault's `bound_claims_type=glob` matcher: a port of ryanuber/go-glob's `Glob` as vendored by
 * vault-plugin-auth-jwt, quirks included. Only `*` is special (`?` is literal); an empty pattern
 * matches only the empty string; the first segment is checked as a prefix of the whole subject
 * and is *not* consumed, so the last segment may overlap it: `ab*b` matches `ab`. Middle segments
 * take their first occurrence, searched from the start of the subject.
 */
export function vaultGlob(pattern: string, subject: string): boolean {
  if (pattern === '') return subject === '';
  if (pattern === '*') return true;
  const parts = pattern.split('*');
  if (parts.length === 1) return subject === pattern;
  const leadingGlob = pattern.startsWith('*');
  const trailingGlob = pattern.endsWith('*');
  const end = parts.length - 1;
  if (!leadingGlob && !subject.startsWith(parts[0] as string)) return false;
  let subj = subject;
  for (let i = 1; i < end; i++) {
    const part = parts[i] as string;
    if (!subj.includes(part)) return false;
    subj = subj.slice(subj.indexOf(part) + part.length);
  }
  return trailingGlob || subj.endsWith(parts[end] as string);
}

/**
 * AWS `StringLike`: `*` matches any run of characters (also empty, also `:` and `/`), `?` exactly
 * one character, anywhere in the string, case-sensitively; everything else is literal. (Policy
 * variables `${…}` are not expanded.)
 */
export function awsLike(pattern: string, value: string): boolean {
  const p = [...pattern];
  const v = [...value];
  // Classic two-pointer wildcard match with backtracking to the last `*`.
  let pi = 0;
  let vi = 0;
  let star = -1;
  let mark = 0;
  while (vi < v.length) {
    if (pi < p.length && (p[pi] === '?' || (p[pi] !== '*' && p[pi] === v[vi]))) {
      pi++;
      vi++;
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++;
      mark = vi;
    } else if (star >= 0) {
      pi = star + 1;
      vi = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}
