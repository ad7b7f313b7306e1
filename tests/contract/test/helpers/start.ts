import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startIssuer } from '@runid/issuer';

/** The real issuer, in-process on 127.0.0.1 port 0, with a fresh embedded (PGlite) store. */
export async function startTestIssuer() {
  const dataDir = await mkdtemp(join(tmpdir(), 'runid-contract-'));
  const issuer = await startIssuer({
    env: { RUNID_DATA_DIR: dataDir, RUNID_LOG_LEVEL: 'silent' },
    port: 0,
    host: '127.0.0.1',
  });
  return {
    ...issuer,
    async close() {
      await issuer.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
