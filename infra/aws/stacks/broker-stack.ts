import { CfnOutput, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import * as amazonmq from 'aws-cdk-lib/aws-amazonmq';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { FuelConfig } from '../config.js';
import { acknowledge } from '../constructs/nag.js';

export interface BrokerStackProps extends StackProps {
  config: FuelConfig;
  vpc: ec2.IVpc;
}

/** AMQP over TLS, the only listener of an Amazon MQ for RabbitMQ broker that clients use. */
export const AMQPS_PORT = 5671;

/**
 * Amazon MQ for RabbitMQ, where relays publish progress in Astute's format. The broker is
 * private (no public endpoint) in the subnets with egress, because Lambda's event source mapping
 * reaches Lambda, STS and Secrets Manager from the broker's subnets; its one user's credentials
 * live in Secrets Manager. The `nailgun` topic exchange and durable queue are not declared here: the
 * publishers declare them at runtime as Astute did, and the progress stack's event source
 * mapping reads the queue.
 */
export class BrokerStack extends Stack {
  readonly broker: amazonmq.CfnBroker;
  /** `{"username", "password"}`: the shape the event source mapping's BASIC_AUTH expects. */
  readonly credentials: secretsmanager.Secret;
  readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: BrokerStackProps) {
    super(scope, id, props);
    const { config, vpc } = props;
    this.credentials = new secretsmanager.Secret(this, 'Credentials', {
      description: 'RabbitMQ user of the progress broker',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ username: 'fuel' }),
        generateStringKey: 'password',
        passwordLength: 32,
        // Amazon MQ refuses commas, colons, equal signs and spaces in RabbitMQ passwords.
        excludePunctuation: true,
      },
    });
    acknowledge(
      this.credentials,
      'SMG4',
      'Amazon MQ has no rotation function for RabbitMQ users; the password is changed with ' +
        'the broker (README, "Upgrade").',
    );
    this.securityGroup = brokerSecurityGroup(this, vpc, config);
    // A cluster needs an mq.m5 instance type (context brokerInstanceType).
    const multiAz = config.multiAz;
    const subnets = vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS });

    this.broker = new amazonmq.CfnBroker(this, 'Broker', {
      brokerName: `${this.stackName}-progress`,
      engineType: 'RABBITMQ',
      engineVersion: config.brokerEngineVersion,
      hostInstanceType: config.brokerInstanceType,
      deploymentMode: multiAz ? 'CLUSTER_MULTI_AZ' : 'SINGLE_INSTANCE',
      publiclyAccessible: false,
      autoMinorVersionUpgrade: true,
      subnetIds: multiAz ? subnets.subnetIds : subnets.subnetIds.slice(0, 1),
      securityGroups: [this.securityGroup.securityGroupId],
      logs: { general: true },
      users: [
        {
          username: this.credentials.secretValueFromJson('username').unsafeUnwrap(),
          password: this.credentials.secretValueFromJson('password').unsafeUnwrap(),
        },
      ],
    });
    new CfnOutput(this, 'AmqpEndpoints', { value: Fn.join(',', this.broker.attrAmqpEndpoints) });
    new CfnOutput(this, 'CredentialsSecretArn', { value: this.credentials.secretArn });
  }
}

/**
 * AMQPS from the broker's own group (Lambda's event source mapping connects with the broker's
 * network settings, so the group must admit itself) and from the relays' networks.
 */
function brokerSecurityGroup(scope: Construct, vpc: ec2.IVpc, config: FuelConfig) {
  const group = new ec2.SecurityGroup(scope, 'BrokerSecurityGroup', {
    vpc,
    description: 'Amazon MQ for RabbitMQ: AMQPS from the event source mapping and the relays',
  });
  group.addIngressRule(group, ec2.Port.tcp(AMQPS_PORT), 'Event source mapping');
  for (const cidr of config.brokerClientCidrs) {
    group.addIngressRule(ec2.Peer.ipv4(cidr), ec2.Port.tcp(AMQPS_PORT), 'Relay network');
  }
  return group;
}
