import type { FieldError } from '../errors.js';

/**
 * A JSON pointer inside one field of the request body, as a dotted path from the body's root
 * (`relyingParty.aws.trustPolicy` + `/Statement/0/Effect` → `relyingParty.aws.trustPolicy.Statement[0].Effect`),
 * the convention of the problem document's `errors[].path`.
 */
export function dottedPath(base: string, pointer: string): string {
  if (pointer === '') return base;
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : join(path, part)), base);
}

/** `path` under `base`: `token` + `org` → `token.org`, `token` + `` → `token`. */
export function join(base: string, path: string): string {
  if (path === '') return base;
  if (base === '') return path;
  return path.startsWith('[') ? `${base}${path}` : `${base}.${path}`;
}

/** Field errors of a nested value, re-rooted at the field that holds it. */
export function under(base: string, errors: readonly FieldError[]): FieldError[] {
  return errors.map((e) => ({ ...e, path: join(base, e.path) }));
}
