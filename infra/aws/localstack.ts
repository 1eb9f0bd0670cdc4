import { type App, Stack, type StackProps } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { FuelConfig } from './config.js';
import { type DatabaseAccess, databaseAtUrl } from './constructs/database-access.js';
import { SchemaMigration } from './constructs/schema-migration.js';
import { ApiStack } from './stacks/api-stack.js';
import { OrchestrationStack } from './stacks/orchestration-stack.js';
import { ProgressStack } from './stacks/progress-stack.js';
import { SitesStack } from './stacks/sites-stack.js';

/**
 * The data of the LocalStack profile: LocalStack's free edition emulates neither RDS nor
 * Amazon MQ, so PostgreSQL is a plain container (`docker-compose.yml`) reached by URL. The same
 * migration function brings it up to date, invoked by the LocalStack script rather than by a
 * custom resource. The token key lives in Secrets Manager.
 */
class LocalDataStack extends Stack {
  readonly database: DatabaseAccess;
  readonly tokenSecret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: StackProps & { config: FuelConfig }) {
    super(scope, id, props);
    this.database = databaseAtUrl(props.config.localDatabaseUrl);
    this.tokenSecret = new secretsmanager.Secret(this, 'TokenSigningKey', {
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    new SchemaMigration(this, 'Schema', {
      database: this.database,
      adminPassword: { plain: props.config.localAdminPassword },
      runOnDeploy: false,
    });
  }
}

/**
 * The LocalStack profile (`-c profile=localstack`, deployed with `cdklocal`): the same
 * orchestration, API and sites stacks as in AWS (REST API, Lambda, SQS, Step Functions with
 * `waitForTaskToken`, Secrets Manager), without VPC, alarms or the broker. The progress
 * function is deployed without its mapping (LocalStack has none for RabbitMQ); the end-to-end
 * check invokes it with an `aws:rmq` event instead.
 */
export function createLocalStackSystem(app: App, config: FuelConfig) {
  const prefix = config.prefix;
  const namePrefix = prefix.toLowerCase();
  const data = new LocalDataStack(app, `${prefix}-Data`, { config });
  const orchestration = new OrchestrationStack(app, `${prefix}-Orchestration`, {
    config,
    namePrefix,
    database: data.database,
    alarms: false,
  });
  const firstSite = orchestration.siteQueues[config.sites[0] ?? ''];
  if (!firstSite) throw new Error('at least one site is required');
  const api = new ApiStack(app, `${prefix}-Api`, {
    config,
    namePrefix,
    database: data.database,
    siteQueue: firstSite.queue,
    tokenSecret: data.tokenSecret,
  });
  api.addStackDependency(orchestration);
  api.addStackDependency(data);
  const progress = new ProgressStack(app, `${prefix}-Progress`, { database: data.database });
  const sites = new SitesStack(app, `${prefix}-Sites`, {
    namePrefix,
    siteQueues: orchestration.siteQueues,
  });

  return { data, orchestration, api, progress, sites };
}
