import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CfnOutput, CustomResource, Duration } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, type IDependable } from 'constructs';
import { MIGRATIONS_BUNDLE_DIR, MIGRATIONS_SOURCE, PROJECT_ROOT } from './bundling.js';
import type { DatabaseAccess } from './database-access.js';
import { FuelFunction } from './fuel-function.js';
import { acknowledgeProviderFindings } from './nag.js';

export interface SchemaMigrationProps {
  database: DatabaseAccess;
  /** The first admin's password, read once when no user exists yet. */
  adminPassword: { secret: secretsmanager.ISecret } | { plain: string };
  /** What must exist before the migration can connect (the instance, the proxy). */
  after?: IDependable[];
  /**
   * `false` leaves out the custom resource, whose Provider framework function runs on a newer
   * Node.js runtime than the pinned LocalStack image has; the function is then invoked by hand
   * with `{"RequestType": "Create"}` (the LocalStack script does).
   */
  runOnDeploy?: boolean;
}

/**
 * Applies the SQL migrations of `functions/db/migrations` during `cdk deploy`, through a custom
 * resource whose properties carry a hash of those files: a deploy that brings a new or changed
 * file runs the migration function (which also seeds the first release and the admin), and a
 * deploy without one has nothing to apply. The runner is idempotent either way.
 */
export class SchemaMigration extends Construct {
  readonly function: FuelFunction;

  constructor(scope: Construct, id: string, props: SchemaMigrationProps) {
    super(scope, id);
    const admin = props.adminPassword;
    this.function = new FuelFunction(this, 'Migrate', {
      role: 'migrate',
      description: 'Applies the SQL migrations and seeds the first release and admin',
      database: props.database,
      timeout: Duration.minutes(5),
      environment: {
        FUEL_MIGRATIONS_DIR: `/var/task/${MIGRATIONS_BUNDLE_DIR}`,
        ...('secret' in admin
          ? { FUEL_ADMIN_PASSWORD_SECRET_ARN: admin.secret.secretArn }
          : { FUEL_ADMIN_PASSWORD: admin.plain }),
      },
    });
    if ('secret' in admin) admin.secret.grantRead(this.function.function);
    if (props.runOnDeploy === false) {
      new CfnOutput(this, 'FunctionName', { value: this.function.function.functionName });
      return;
    }

    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: this.function.function,
      logGroup: new logs.LogGroup(this, 'ProviderLogs', {
        retention: logs.RetentionDays.ONE_MONTH,
      }),
    });
    acknowledgeProviderFindings(provider, this.function.function);
    const resource = new CustomResource(this, 'Schema', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::FuelSchema',
      properties: { MigrationsHash: migrationsHash() },
    });
    for (const dependency of props.after ?? []) resource.node.addDependency(dependency);
  }
}

/** A digest of every migration file's name and content, in the runner's order. */
export function migrationsHash(dir = join(PROJECT_ROOT, MIGRATIONS_SOURCE)): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()) {
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(join(dir, file)))
      .update('\0');
  }
  return hash.digest('hex');
}
