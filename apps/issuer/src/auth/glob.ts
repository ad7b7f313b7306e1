/**
 * A name glob: `*` matches any run of characters inside one segment; it never crosses `:` or
 * `/`, so `web/*` cannot reach another project and `*` alone never matches `a/b`.
 */
export function compileGlob(glob: string): RegExp {
  const source = glob
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^:/]*');
  return new RegExp(`^${source}$`);
}

export function matchesAny(globs: readonly RegExp[], value: string): boolean {
  for (const glob of globs) if (glob.test(value)) return true;
  return false;
}
