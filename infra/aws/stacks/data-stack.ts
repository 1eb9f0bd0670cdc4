import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { FuelConfig } from '../config.js';
import type { DatabaseAccess } from '../constructs/database-access.js';
import { acknowledge } from '../constructs/nag.js';
import { SchemaMigration } from '../constructs/schema-migration.js';

export interface DataStackProps extends StackProps {
  config: FuelConfig;
}

const DATABASE_NAME = 'fuel';
const DATABASE_USER = 'fuel';
/** RDS Proxy for PostgreSQL listens here whatever port the instance uses. */
const POSTGRES_PORT = 5432;

/**
 * The long-lived state: the VPC, PostgreSQL 15 on RDS behind an RDS Proxy that requires TLS,
 * the secrets, and the migration that brings the schema up to date on each deploy. Everything
 * else is rebuilt freely; this stack is the one to treat with care.
 */
export class DataStack extends Stack {
  readonly vpc: ec2.Vpc;
  readonly database: DatabaseAccess;
  /** The key that signs operator tokens (the API reads it at cold start). */
  readonly tokenSecret: secretsmanager.Secret;
  readonly adminPasswordSecret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.vpc = createVpc(this);
    const clients = new ec2.SecurityGroup(this, 'DatabaseClients', {
      vpc: this.vpc,
      description: 'Functions that connect to PostgreSQL through the RDS Proxy',
    });
    const instance = createInstance(this, this.vpc, config);
    const secret = requiredSecret(instance);
    const proxy = createProxy(this, instance, secret, clients);
    this.database = {
      environment: {
        DATABASE_SECRET_ARN: secret.secretArn,
        DATABASE_HOST: proxy.endpoint,
        DATABASE_NAME,
      },
      placement: {
        vpc: this.vpc,
        subnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        securityGroups: [clients],
      },
      secretsExtension: true,
      grantConnect: (grantee) => secret.grantRead(grantee),
    };
    this.tokenSecret = tokenSecret(this);
    this.adminPasswordSecret = adminPasswordSecret(this);
    new SchemaMigration(this, 'Schema', {
      database: this.database,
      adminPassword: { secret: this.adminPasswordSecret },
      after: [instance, proxy],
    });
  }
}

/**
 * Two Availability Zones: public subnets for the one NAT gateway, private ones with egress for
 * the functions (they call Step Functions and Secrets Manager), isolated ones for the database.
 */
function createVpc(scope: Construct): ec2.Vpc {
  const flowLogs = new logs.LogGroup(scope, 'VpcFlowLogs', {
    retention: logs.RetentionDays.ONE_MONTH,
  });

  return new ec2.Vpc(scope, 'Vpc', {
    maxAzs: 2,
    natGateways: 1,
    restrictDefaultSecurityGroup: false,
    subnetConfiguration: [
      { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
      { name: 'functions', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
      { name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
    ],
    flowLogs: {
      rejected: {
        destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs),
        trafficType: ec2.FlowLogTrafficType.REJECT,
      },
    },
  });
}

function createInstance(scope: Stack, vpc: ec2.IVpc, config: FuelConfig) {
  const identifier = `${scope.stackName.toLowerCase()}-postgres`;
  const instance = new rds.DatabaseInstance(scope, 'Postgres', {
    instanceIdentifier: identifier,
    engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_15 }),
    instanceType: ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MICRO),
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    credentials: rds.Credentials.fromGeneratedSecret(DATABASE_USER),
    databaseName: DATABASE_NAME,
    storageEncrypted: true,
    storageType: rds.StorageType.GP3,
    allocatedStorage: 20,
    maxAllocatedStorage: 100,
    backupRetention: Duration.days(7),
    deletionProtection: config.deletionProtection,
    removalPolicy: config.deletionProtection ? RemovalPolicy.SNAPSHOT : RemovalPolicy.DESTROY,
    multiAz: config.multiAz,
    iamAuthentication: true,
    autoMinorVersionUpgrade: true,
    cloudwatchLogsExports: ['postgresql'],
  });
  // Created here rather than by RDS, so that it has a retention without CDK's LogRetention
  // function; the instance waits for it, or RDS would create it first.
  const logGroup = new logs.LogGroup(scope, 'PostgresLogs', {
    logGroupName: `/aws/rds/instance/${identifier}/postgresql`,
    retention: logs.RetentionDays.ONE_MONTH,
    removalPolicy: config.deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
  });
  instance.node.addDependency(logGroup);
  acknowledgeInstanceFindings(instance, config);
  return instance;
}

function acknowledgeInstanceFindings(instance: rds.DatabaseInstance, config: FuelConfig): void {
  acknowledge(
    instance,
    'SMG4',
    'API, steps and progress containers build their connection string at cold start; a ' +
      'rotation would break warm containers until they recycle. Rotate during a maintenance ' +
      'window followed by a function update (README, "Upgrade").',
  );
  acknowledge(
    instance,
    'RDS11',
    'Only the RDS Proxy reaches the instance, from its own security group; PostgreSQL on the ' +
      'proxy is 5432 whatever the instance listens on, so another port would hide nothing.',
  );
  if (!config.multiAz) {
    acknowledge(
      instance,
      'RDS3',
      'Single-AZ by default to keep an idle installation cheap (README, "Costs"); production ' +
        'sets the context value multiAz=true, which turns the standby on.',
    );
  }
  if (!config.deletionProtection) {
    acknowledge(instance, 'RDS10', 'Disabled on purpose by context (deletionProtection=false).');
  }
}

/** The proxy functions connect through: TLS required, reachable from `clients` only. */
function createProxy(
  stack: Stack,
  instance: rds.DatabaseInstance,
  secret: secretsmanager.ISecret,
  clients: ec2.ISecurityGroup,
): rds.DatabaseProxy {
  const proxy = instance.addProxy('Proxy', {
    dbProxyName: `${stack.stackName.toLowerCase()}-proxy`,
    secrets: [secret],
    vpc: instance.vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    requireTLS: true,
    borrowTimeout: Duration.seconds(30),
  });
  proxy.connections.allowFrom(clients, ec2.Port.tcp(POSTGRES_PORT), 'Functions to the proxy');
  return proxy;
}

function requiredSecret(instance: rds.DatabaseInstance): secretsmanager.ISecret {
  const secret = instance.secret;
  if (!secret) throw new Error('the database instance has no generated secret');
  return secret;
}

/** The key that signs operator tokens; the API reads it through the secrets extension. */
function tokenSecret(scope: Construct): secretsmanager.Secret {
  const secret = new secretsmanager.Secret(scope, 'TokenSigningKey', {
    description: 'Signs operator tokens',
    generateSecretString: { passwordLength: 64, excludePunctuation: true },
  });
  acknowledge(
    secret,
    'SMG4',
    'Rotating the signing key logs every operator out, and API containers keep the key they ' +
      'read at cold start; rotate it deliberately (README, "Upgrade"), not on a schedule.',
  );
  return secret;
}

/** The first admin's password, which the operator reads once (output AdminPasswordSecretArn). */
function adminPasswordSecret(scope: Construct): secretsmanager.Secret {
  const secret = new secretsmanager.Secret(scope, 'AdminPassword', {
    description: 'First admin password',
    generateSecretString: { passwordLength: 24, excludePunctuation: true },
  });
  acknowledge(
    secret,
    'SMG4',
    'Read once, when the first admin is created; later password changes go through the API.',
  );
  new CfnOutput(scope, 'AdminPasswordSecretArn', { value: secret.secretArn });
  return secret;
}
