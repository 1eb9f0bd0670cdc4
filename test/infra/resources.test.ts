import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { APP_CONTEXT, readFuelConfig } from '../../infra/aws/config.js';
import { migrationsHash } from '../../infra/aws/constructs/schema-migration.js';
import { DataStack } from '../../infra/aws/stacks/data-stack.js';
import { MACHINE_NAMES } from '../../statemachines/contracts/execution.js';
import { buildFuelApp } from './support/fuel-app.js';

const { system, template } = buildFuelApp();
const data = template(system.data);

/** A data stack alone, for context variants (the rest of the system does not change). */
function dataStackWith(context: Record<string, unknown>): Template {
  const app = new App({
    context: { ...APP_CONTEXT, 'aws:cdk:bundling-stacks': [], ...context },
    builtinCloudFormationValidation: false,
  });
  return Template.fromStack(new DataStack(app, 'Variant', { config: readFuelConfig(app.node) }));
}

describe('the data stack', () => {
  it('runs PostgreSQL 15, encrypted at rest, backed up for 7 days, protected from deletion', () => {
    data.hasResource('AWS::RDS::DBInstance', {
      Properties: Match.objectLike({
        Engine: 'postgres',
        EngineVersion: Match.stringLikeRegexp('^15'),
        StorageEncrypted: true,
        BackupRetentionPeriod: 7,
        DeletionProtection: true,
        PubliclyAccessible: false,
        MultiAZ: false,
      }),
      DeletionPolicy: 'Snapshot',
    });
  });

  it('drops the protection and takes a standby only when the context says so', () => {
    const variant = dataStackWith({ deletionProtection: 'false', multiAz: 'true' });

    variant.hasResource('AWS::RDS::DBInstance', {
      Properties: Match.objectLike({ DeletionProtection: false, MultiAZ: true }),
      DeletionPolicy: 'Delete',
    });
  });

  it('puts an RDS Proxy that requires TLS in front of it, reading the generated secret', () => {
    data.hasResourceProperties('AWS::RDS::DBProxy', {
      EngineFamily: 'POSTGRESQL',
      RequireTLS: true,
      Auth: [Match.objectLike({ AuthScheme: 'SECRETS', IAMAuth: 'DISABLED' })],
    });
  });

  it('spans two Availability Zones with one NAT gateway and logs rejected traffic', () => {
    data.resourceCountIs('AWS::EC2::Subnet', 6);
    data.resourceCountIs('AWS::EC2::NatGateway', 1);
    data.hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'REJECT' });
  });

  it('applies the migrations on deploy, once the database and its proxy exist', () => {
    const migration = data.findResources('Custom::FuelSchema');
    const [resource] = Object.values(migration);

    expect(Object.keys(migration)).toHaveLength(1);
    expect(resource?.Properties.MigrationsHash).toBe(migrationsHash());
    expect(resource?.DependsOn).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^PostgresProxy/),
        expect.stringMatching(/^Postgres[0-9A-F]/),
      ]),
    );
    data.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('migrations'),
      Timeout: 300,
      Environment: {
        Variables: Match.objectLike({
          FUEL_MIGRATIONS_DIR: '/var/task/migrations',
          FUEL_ADMIN_PASSWORD_SECRET_ARN: { Ref: Match.stringLikeRegexp('^AdminPassword') },
        }),
      },
    });
  });
});

describe('the broker stack', () => {
  const broker = template(system.broker);

  it('runs RabbitMQ privately, its user from Secrets Manager, with general logs', () => {
    broker.hasResourceProperties('AWS::AmazonMQ::Broker', {
      EngineType: 'RABBITMQ',
      PubliclyAccessible: false,
      DeploymentMode: 'SINGLE_INSTANCE',
      Logs: { General: true },
      Users: [
        {
          Username: Match.objectLike({ 'Fn::Join': Match.anyValue() }),
          Password: Match.objectLike({ 'Fn::Join': Match.anyValue() }),
        },
      ],
    });
    const password = JSON.stringify(
      Object.values(broker.findResources('AWS::AmazonMQ::Broker'))[0]?.Properties.Users[0].Password,
    );
    expect(password).toContain('{{resolve:secretsmanager:');
  });

  it('admits AMQPS only from its own group, where the event source mapping connects', () => {
    broker.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      IpProtocol: 'tcp',
      FromPort: 5671,
      ToPort: 5671,
      SourceSecurityGroupId: {
        'Fn::GetAtt': [Match.stringLikeRegexp('BrokerSecurityGroup'), 'GroupId'],
      },
    });
    broker.resourceCountIs('AWS::EC2::SecurityGroupIngress', 1);
  });
});

describe('the functions', () => {
  const stacks = [system.data, system.orchestration, system.api, system.progress];

  it('run nodejs22.x on arm64, traced, in the VPC, with the secrets extension', () => {
    for (const stack of stacks) {
      const functions = Object.values(template(stack).findResources('AWS::Lambda::Function'));
      const ours = functions.filter((f) => f.Properties.Runtime === 'nodejs22.x');

      expect(ours.length, stack.stackName).toBeGreaterThan(0);
      for (const fn of ours) {
        expect(fn.Properties).toMatchObject({
          Architectures: ['arm64'],
          TracingConfig: { Mode: 'Active' },
          Layers: [{ 'Fn::FindInMap': expect.any(Array) }],
          VpcConfig: expect.objectContaining({ SubnetIds: expect.any(Array) }),
        });
        expect(fn.Properties.Environment.Variables).toMatchObject({
          DATABASE_SECRET_ARN: expect.anything(),
          DATABASE_HOST: expect.anything(),
        });
      }
    }
  });
});

describe('the API stack', () => {
  const api = template(system.api);

  it('throttles, logs every request as JSON and traces the REST API stage', () => {
    api.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'prod',
      TracingEnabled: true,
      AccessLogSetting: {
        DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('AccessLogs'), 'Arn'] },
        Format: Match.stringLikeRegexp('requestId'),
      },
      MethodSettings: [Match.objectLike({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 })],
    });
  });

  it('sends every path to the app, which authenticates each request itself', () => {
    api.hasResourceProperties('AWS::ApiGateway::Resource', { PathPart: '{proxy+}' });
    api.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'ANY',
      AuthorizationType: 'NONE',
      Integration: Match.objectLike({ Type: 'AWS_PROXY' }),
    });
  });

  it('serves the API at the root of a custom domain when the context names one', () => {
    const { system: withDomain, template: templateOf } = buildFuelApp({
      apiDomainName: 'fuel.example.com',
      apiCertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc',
    });
    const variant = templateOf(withDomain.api);

    variant.hasResourceProperties('AWS::ApiGateway::DomainName', {
      DomainName: 'fuel.example.com',
      RegionalCertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc',
      SecurityPolicy: 'TLS_1_2',
    });
    variant.hasResourceProperties('AWS::ApiGateway::BasePathMapping', {
      DomainName: { Ref: Match.stringLikeRegexp('Domain') },
    });
    expect(() => buildFuelApp({ apiDomainName: 'fuel.example.com' })).toThrow(
      'context apiDomainName and apiCertificateArn must be given together',
    );
  });

  it('tells the app every machine, the site queue, and that agents need a site credential', () => {
    const variables = Object.values(api.findResources('AWS::Lambda::Function'))[0]?.Properties
      .Environment.Variables;

    for (const name of MACHINE_NAMES) {
      const key = `STATE_MACHINE_ARN_${name.toUpperCase().replaceAll('-', '_')}`;
      expect(JSON.stringify(variables[key])).toContain(`:stateMachine:fuel-${name}`);
    }
    expect(JSON.stringify(variables.FUEL_SITE_QUEUE_URL)).toContain('Sitedc1Steps');
    expect(variables.FUEL_AGENT_CIDRS).toBe('');
    expect(variables.FUEL_TOKEN_SECRET_ARN).toBeDefined();
  });
});
