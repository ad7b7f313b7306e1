import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { IssuerConfig } from '../config/config.js';
import { type Env, loadConfig } from '../config/load.js';
import { IssuerError } from '../errors.js';
import { jwksDocument } from '../keys/publishing.js';
import { nextWakeUp } from '../keys/rotation/index.js';
import { toRotationState } from '../keys/rotation-state.js';
import { createLogger } from '../observability/logger.js';
import { openIssuer } from '../open-issuer.js';
import { openStore, requireExistingStore, SQLITE_FILE } from '../store/open-store.js';
import { type CliContext, jsonText } from './api-command.js';
import { issuerArg } from './keys-commands.js';
import { rekey } from './rekey-command.js';

/** Said by every command that opens the store itself rather than speaking the API. */
export const DIRECT = '(store directly: DATABASE_URL or RUNID_DATA_DIR, and the KEK)';

/**
 * Where a direct command finds the store, never guessed: PostgreSQL (DATABASE_URL), a data
 * directory named by RUNID_DATA_DIR, or the one `serve` keeps in ./.runid of this directory when
 * a store is there. `create` (migrate) may create a store only in a directory named explicitly.
 */
export function storeConfig(env: Env, options: { create?: boolean } = {}): IssuerConfig {
  const config = loadConfig(env);
  if (config.databaseUrl !== undefined) return config;
  const explicit = (env.RUNID_DATA_DIR ?? '') !== '';
  if (!explicit && !existsSync(join(config.dataDir, SQLITE_FILE))) {
    throw new IssuerError(
      'store_failed',
      `No store given and none found: RUNID_DATA_DIR and DATABASE_URL are unset, and ${resolve(config.dataDir)} (where \`serve\` keeps the embedded store when run in this directory) holds none. This command opens the store directly and never guesses or creates one: set RUNID_DATA_DIR to the data directory \`serve\` uses (\`pnpm start\`: apps/issuer/.runid) or DATABASE_URL for PostgreSQL${options.create === true ? ', or RUNID_DATA_DIR to the directory to create a new store in' : ''}. For clients, keys, runs and audit, the API commands need no store: set RUNID_URL and RUNID_ADMIN_KEY.`,
    );
  }
  if (options.create !== true) requireExistingStore(config);
  return config;
}

function quietLogger(config: IssuerConfig) {
  // One-shot commands keep stdout for their JSON answer; warnings go to stderr.
  return createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, process.stderr);
}

/** Opens the issuer for a one-shot command (no HTTP server, no bootstrap key), runs, closes. */
async function withIssuer<T>(
  env: Env,
  run: (opened: Awaited<ReturnType<typeof openIssuer>>) => Promise<T>,
): Promise<T> {
  const config = storeConfig(env);
  const opened = await openIssuer({
    config,
    baseUrl: config.issuerUrl ?? `http://localhost:${config.port}`,
    logger: quietLogger(config),
    bootstrap: false,
  });
  try {
    return await run(opened);
  } finally {
    await opened.services.store.close();
  }
}

/** `migrate`, `keys rekey`, `keys export`: the commands that open the store themselves. */
export function registerStoreCommands(program: Command, keys: Command, context: CliContext): void {
  const print = (value: unknown) => context.stdout(jsonText(value));

  program
    .command('migrate')
    .description(
      `Create or update the store schema, then exit ${DIRECT}. Creates an embedded store only in a RUNID_DATA_DIR named explicitly.`,
    )
    .action(async () => {
      const config = storeConfig(context.env, { create: true });
      const store = await openStore({
        databaseUrl: config.databaseUrl,
        dataDir: config.dataDir,
        migrate: false,
      });
      try {
        const applied = await store.migrate();
        print({ backend: store.backend, applied });
      } finally {
        await store.close();
      }
    });

  keys
    .command('rekey')
    .description(
      `Re-encrypt every stored private key under RUNID_KEK (the new KEK), reading them with RUNID_KEK_PREVIOUS; one transaction, safe while replicas configured with both KEKs serve (docs/deploy.md) ${DIRECT}.`,
    )
    .action(async () => {
      await withIssuer(context.env, async ({ services }) => print(await rekey(services)));
    });

  keys
    .command('export')
    .description(
      `Write the JWKS exactly as published, for relying parties that take uploaded keys; prints the date by which to export again ${DIRECT}.`,
    )
    .requiredOption('--issuer <issuer>', 'v1 or v2')
    .option('--out <file>', 'write to this file instead of stdout')
    .action(async (options: { issuer: string; out?: string }) => {
      const issuer = issuerArg(options.issuer);
      await withIssuer(context.env, async ({ services }) => {
        const records = (await services.store.listKeys()).filter((k) => k.issuer === issuer);
        const body = jwksDocument(records).body.toString('utf8');
        const now = services.clock();
        const again = nextWakeUp(toRotationState(records), services.config.rotation[issuer], now);
        if (options.out === undefined) context.stdout(`${body}\n`);
        else writeFileSync(options.out, `${body}\n`, { mode: 0o644 });
        context.stderr(
          `Export the ${issuer} JWKS again before ${new Date(again).toISOString()} (its next planned key change), and at once after an emergency rotation.\n`,
        );
      });
    });
}
