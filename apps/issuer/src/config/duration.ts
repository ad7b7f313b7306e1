// The issuer's configuration reads durations with the one grammar of RunID's inputs, from
// @runid/claims (the SDK and the CLI use the same parser): `30d`, `24h`, `1h30m`, `90s`, `500ms`,
// or seconds (`30`); `undefined` when the text is not a duration.
export { DURATION_INPUT_TEXT, parseDurationMs } from '@runid/claims';
