import { CONFIG_OPTIONS } from './schema.js';

/** Renders docs/configuration.md from the schema: the one place settings are documented. */
export function renderConfigurationDoc(): string {
  const rows = CONFIG_OPTIONS.map((option) => {
    const fallback = 'default' in option ? `\`${option.default}\`` : '—';
    const secret = 'secret' in option && option.secret ? ' **Secret.**' : '';
    return `| \`${option.env}\` | ${fallback} | ${option.description.replaceAll('|', '\\|')}${secret} |`;
  });
  return [
    '# Configuration',
    '',
    '<!-- Generated from src/config/schema.ts by `pnpm run docs`. Do not edit by hand. -->',
    '',
    'The issuer reads these environment variables once at start. Every problem is reported at once,',
    'by variable name, and the issuer does not start until all are fixed. Secrets are never logged.',
    '',
    '| Variable | Default | Description |',
    '| --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
