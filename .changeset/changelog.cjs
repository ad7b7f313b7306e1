// The default changelog, except that "Updated dependencies" lines are left out when every updated
// dependency was unpublished (0.0.0, the workspace placeholder): a first release has nothing to
// patch, so it gets no "Patch Changes" section for its dependencies' first releases.
// Checked by tests/release/test/changesets.test.ts.
const base = require('@changesets/cli/changelog').default;

const UNPUBLISHED = '0.0.0';

module.exports = {
  getReleaseLine: base.getReleaseLine,
  async getDependencyReleaseLine(changesets, dependenciesUpdated, options) {
    const published = dependenciesUpdated.filter((dep) => dep.oldVersion !== UNPUBLISHED);
    if (published.length === 0) return '';
    return base.getDependencyReleaseLine(changesets, published, options);
  },
};
