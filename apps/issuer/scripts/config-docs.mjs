// Writes docs/configuration.md from the built config schema (run `pnpm run build` first).
import { writeFileSync } from 'node:fs';
import { renderConfigurationDoc } from '../dist/config/docs.js';

writeFileSync(new URL('../docs/configuration.md', import.meta.url), renderConfigurationDoc());
