import { join } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  ESM_REQUIRE_BANNER,
  EXTERNAL_MODULES,
  FUNCTION_ENTRIES,
  type FunctionRole,
  MAIN_FIELDS,
  MIGRATIONS_BUNDLE_DIR,
  MIGRATIONS_SOURCE,
  NODE_TARGET,
  PROJECT_ROOT,
} from './bundling.js';
import type { DatabaseAccess } from './database-access.js';
import { acknowledgeFunctionFindings } from './nag.js';

export interface FuelFunctionProps {
  role: FunctionRole;
  description: string;
  database: DatabaseAccess;
  environment?: Record<string, string>;
  timeout?: Duration;
  memorySize?: number;
}

/**
 * A function of this system with the defaults set once: `nodejs22.x` on arm64, an ESM bundle
 * made by the local esbuild (never Docker), minified with source maps, active tracing, its own
 * log group, and the database access (VPC placement, variables, grants) it needs.
 */
export class FuelFunction extends Construct {
  readonly function: nodejs.NodejsFunction;

  constructor(scope: Construct, id: string, props: FuelFunctionProps) {
    super(scope, id);
    const { database } = props;
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_MONTH });

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      description: props.description,
      entry: join(PROJECT_ROOT, FUNCTION_ENTRIES[props.role]),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(30),
      tracing: lambda.Tracing.ACTIVE,
      logGroup,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        ...database.environment,
        ...props.environment,
      },
      bundling: bundlingOptions(props.role),
      ...(database.placement
        ? {
            vpc: database.placement.vpc,
            vpcSubnets: database.placement.subnets,
            securityGroups: database.placement.securityGroups,
          }
        : {}),
      ...(database.secretsExtension
        ? {
            paramsAndSecrets: lambda.ParamsAndSecretsLayerVersion.fromVersion(
              lambda.ParamsAndSecretsVersions.V1_0_103,
              { cacheSize: 10, logLevel: lambda.ParamsAndSecretsLogLevel.WARN },
            ),
          }
        : {}),
    });
    database.grantConnect(this.function);
    acknowledgeFunctionFindings(this);
  }
}

/** The esbuild options every function shares (`scripts/bundle-sizes.ts` mirrors them). */
function bundlingOptions(role: FunctionRole): nodejs.BundlingOptions {
  return {
    format: nodejs.OutputFormat.ESM,
    target: NODE_TARGET,
    minify: true,
    sourceMap: true,
    banner: ESM_REQUIRE_BANNER,
    mainFields: MAIN_FIELDS,
    externalModules: EXTERNAL_MODULES,
    forceDockerBundling: false,
    ...(role === 'migrate' ? { commandHooks: migrationFiles() } : {}),
  };
}

/**
 * Copies the SQL migrations next to the bundle: `functions/db/migrate.ts` looks for them in
 * `migrations/` beside the module that runs, which in the bundle is `index.mjs`.
 */
function migrationFiles(): nodejs.ICommandHooks {
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (inputDir: string, outputDir: string) => [
      `mkdir -p "${join(outputDir, MIGRATIONS_BUNDLE_DIR)}"`,
      `cp "${join(inputDir, MIGRATIONS_SOURCE)}"/*.sql "${join(outputDir, MIGRATIONS_BUNDLE_DIR)}/"`,
    ],
  };
}
