import type { App } from 'aws-cdk-lib';
import type { FuelConfig } from './config.js';
import { ApiStack } from './stacks/api-stack.js';
import { BrokerStack } from './stacks/broker-stack.js';
import { DataStack } from './stacks/data-stack.js';
import { OrchestrationStack } from './stacks/orchestration-stack.js';
import { ProgressStack } from './stacks/progress-stack.js';
import { SitesStack } from './stacks/sites-stack.js';

/** The stacks of one installation, by lifecycle. */
export interface FuelSystem {
  data: DataStack;
  broker: BrokerStack;
  orchestration: OrchestrationStack;
  api: ApiStack;
  progress: ProgressStack;
  sites: SitesStack;
}

/**
 * The whole system in AWS, environment-agnostic (account and region come from the deploying
 * credentials), so `cdk synth` needs no AWS access. Stacks are named `<prefix>-Data`, ...;
 * physical names (state machines, queues, relay users) start with the prefix in lower case.
 */
export function createFuelSystem(app: App, config: FuelConfig): FuelSystem {
  const prefix = config.prefix;
  const namePrefix = prefix.toLowerCase();
  const data = new DataStack(app, `${prefix}-Data`, {
    description: 'Fuel: VPC, PostgreSQL (RDS + RDS Proxy), secrets, schema migration',
    config,
  });
  const broker = new BrokerStack(app, `${prefix}-Broker`, {
    description: 'Fuel: Amazon MQ for RabbitMQ (progress reports)',
    config,
    vpc: data.vpc,
  });
  const orchestration = new OrchestrationStack(app, `${prefix}-Orchestration`, {
    description: 'Fuel: deployment workflows, steps function, site queues, alarms',
    config,
    namePrefix,
    database: data.database,
  });
  const firstSite = orchestration.siteQueues[config.sites[0] ?? ''];
  if (!firstSite) throw new Error('at least one site is required');
  const api = new ApiStack(app, `${prefix}-Api`, {
    description: 'Fuel: Nailgun API (API Gateway REST API + Lambda)',
    config,
    namePrefix,
    database: data.database,
    siteQueue: firstSite.queue,
    tokenSecret: data.tokenSecret,
  });
  // The API names the machines literally; they must exist before it can start one.
  api.addStackDependency(orchestration);
  const progress = new ProgressStack(app, `${prefix}-Progress`, {
    description: 'Fuel: progress function and its event source mapping on the broker',
    database: data.database,
    source: { broker: broker.broker, credentials: broker.credentials },
  });
  const sites = new SitesStack(app, `${prefix}-Sites`, {
    description: 'Fuel: relay principals, one per site',
    namePrefix,
    siteQueues: orchestration.siteQueues,
  });

  return { data, broker, orchestration, api, progress, sites };
}
