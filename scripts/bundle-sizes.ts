/**
 * Prints the size of each Lambda bundle, built in memory with esbuild's API and the options
 * `infra/aws/constructs/fuel-function.ts` gives NodejsFunction (ESM, node22, minified, source
 * maps, the createRequire banner, the AWS SDK external). Exits 1 when a bundle's code reaches
 * the 1.5 MB target, so CI can run it as a check.
 */
import { join } from 'node:path';
import { build } from 'esbuild';
import {
  ESM_REQUIRE_BANNER,
  EXTERNAL_MODULES,
  FUNCTION_ENTRIES,
  type FunctionRole,
  MAIN_FIELDS,
  NODE_TARGET,
  PROJECT_ROOT,
} from '../infra/aws/constructs/bundling.js';

const LIMIT_BYTES = 1.5 * 1024 * 1024;

interface BundleSize {
  role: FunctionRole;
  code: number;
  map: number;
}

async function measure(role: FunctionRole): Promise<BundleSize> {
  const result = await build({
    entryPoints: [join(PROJECT_ROOT, FUNCTION_ENTRIES[role])],
    outfile: join(PROJECT_ROOT, 'dist', role, 'index.mjs'),
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    target: NODE_TARGET,
    mainFields: MAIN_FIELDS,
    minify: true,
    sourcemap: true,
    banner: { js: ESM_REQUIRE_BANNER },
    external: EXTERNAL_MODULES,
    logLevel: 'error',
  });
  const sizeOf = (suffix: string) =>
    result.outputFiles.find((file) => file.path.endsWith(suffix))?.contents.byteLength ?? 0;

  return { role, code: sizeOf('.mjs'), map: sizeOf('.mjs.map') };
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}

const roles = Object.keys(FUNCTION_ENTRIES) as FunctionRole[];
const sizes = await Promise.all(roles.map(measure));
for (const { role, code, map } of sizes) {
  const verdict = code < LIMIT_BYTES ? 'ok' : 'OVER';
  console.log(
    `${role.padEnd(9)} ${megabytes(code).padStart(8)} code  ${megabytes(map).padStart(8)} map  ${verdict}`,
  );
}
console.log(`target: code under ${megabytes(LIMIT_BYTES)} per function`);
if (sizes.some((size) => size.code >= LIMIT_BYTES)) process.exitCode = 1;
