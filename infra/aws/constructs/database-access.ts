import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as iam from 'aws-cdk-lib/aws-iam';

/** Where a function runs to reach a database inside a VPC. */
export interface FunctionPlacement {
  vpc: ec2.IVpc;
  subnets: ec2.SubnetSelection;
  securityGroups: ec2.ISecurityGroup[];
}

/**
 * How a function connects to PostgreSQL: the variables it reads (see
 * `functions/core/aws/secret-env.ts`), where it must run, and the grants it needs. The AWS profile
 * passes a secret ARN and the RDS Proxy endpoint; the LocalStack profile a plain URL.
 */
export interface DatabaseAccess {
  readonly environment: Record<string, string>;
  /** Absent when the database is reachable without a VPC (LocalStack's containers). */
  readonly placement?: FunctionPlacement;
  /**
   * Whether functions resolve secret ARNs through the AWS Parameters and Secrets Lambda
   * Extension (a layer; LocalStack's free edition has no layers).
   */
  readonly secretsExtension: boolean;
  grantConnect(grantee: iam.IGrantable): void;
}

/** A database given by connection string (a plain container for LocalStack). */
export function databaseAtUrl(url: string): DatabaseAccess {
  return {
    environment: { DATABASE_URL: url },
    secretsExtension: false,
    grantConnect: () => undefined,
  };
}
