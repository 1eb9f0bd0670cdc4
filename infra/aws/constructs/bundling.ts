import { fileURLToPath } from 'node:url';

/** The repository root: where `package-lock.json`, `functions/` and `statemachines/` live. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The functions this system deploys, by role, with their entry files (from the root). */
export const FUNCTION_ENTRIES = {
  api: 'functions/api/lambda.ts',
  steps: 'functions/steps/lambda.ts',
  progress: 'functions/progress/lambda.ts',
  migrate: 'functions/db/migrate-lambda.ts',
} as const;
export type FunctionRole = keyof typeof FUNCTION_ENTRIES;

/** esbuild's target for the `nodejs22.x` runtime. */
export const NODE_TARGET = 'node22';

/**
 * Gives the ESM bundle a `require` for the CommonJS dependencies esbuild inlines (`pg` asks
 * for Node built-ins through it), which ESM output otherwise lacks.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);";

/**
 * The runtime provides the AWS SDK v3; bundling it would add about 0.5 MB per client. This is
 * NodejsFunction's default for Node.js 18 and later, stated so the size script matches it.
 */
export const EXTERNAL_MODULES = ['@aws-sdk/*'];

/** ESM packages first, so that the bundle keeps one module format. */
export const MAIN_FIELDS = ['module', 'main'];

/** The migration function ships the SQL files beside its bundle, in `migrations/`. */
export const MIGRATIONS_SOURCE = 'functions/db/migrations';
export const MIGRATIONS_BUNDLE_DIR = 'migrations';
