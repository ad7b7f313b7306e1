#!/usr/bin/env node
import { runCli } from './cli/run-cli.js';

// The only entry point with process-wide side effects: signals and the exit code.
const code = await runCli(process.argv.slice(2), {
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  onSignal: (signal, handler) => process.on(signal, handler),
});
process.exitCode = code;
