import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The SDK reads its version with Node's createRequire; in the browser the same value comes from
// its package.json at build time, so the console never reports a version the SDK does not have.
const sdkManifest = fileURLToPath(
  new URL('./node_modules/@runid/sdk/package.json', import.meta.url),
);
const sdkVersion = (JSON.parse(readFileSync(sdkManifest, 'utf8')) as { version: string }).version;
const nodeModuleShim = 'virtual:runid-node-module';

export default defineConfig({
  // Served by the issuer at /console/, same origin as the API.
  base: '/console/',
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, target: 'es2022' },
  plugins: [
    {
      name: 'runid-node-module-shim',
      enforce: 'pre',
      resolveId(id) {
        return id === 'node:module' ? `\0${nodeModuleShim}` : undefined;
      },
      load(id) {
        if (id !== `\0${nodeModuleShim}`) return undefined;
        return `export function createRequire() { return () => ({ version: ${JSON.stringify(sdkVersion)} }); }`;
      },
    },
  ],
  test: {
    environment: 'happy-dom',
    include: ['test/**/*.test.{ts,tsx}'],
    testTimeout: 30_000,
  },
});
