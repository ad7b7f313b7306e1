/** The opening of the Apache License 2.0 text every published package ships. */
const APACHE_2 =
  /^\s*Apache License\s+Version 2\.0, January 2004\s+http:\/\/www\.apache\.org\/licenses\//;

/**
 * What is wrong with one LICENSE of a published package (`where`: its folder, or its tarball):
 * missing, or a text other than the repository's own LICENSE, which must be the Apache License 2.0
 * every manifest declares. Both are checked: pnpm quietly packs the workspace root's LICENSE into
 * a package that has none, which another packer (npm) would not.
 */
export function licenseProblems(
  where: string,
  shipped: string | undefined,
  repository: string,
): string[] {
  const problems: string[] = [];
  if (!APACHE_2.test(repository)) {
    problems.push('the repository LICENSE is not the Apache License 2.0');
  }
  if (shipped === undefined) {
    problems.push(`${where} has no LICENSE (copy the repository LICENSE into the package folder)`);
  } else if (shipped !== repository) {
    problems.push(`the LICENSE of ${where} differs from the repository LICENSE`);
  }
  return problems;
}
