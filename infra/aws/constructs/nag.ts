import { CfnResource, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * The cdk-nag findings this app accepts, each with its reason. cdk-nag 3 reads CDK's own
 * acknowledgements (`Validations.of(construct).acknowledge`), which cover the construct and
 * what it contains; a rule with several findings (IAM5) is acknowledged finding by finding, so
 * a new wildcard still fails the checks.
 */
const REASONS = {
  lambdaManagedPolicies:
    'AWSLambdaBasicExecutionRole (logs) and AWSLambdaVPCAccessExecutionRole (ENIs) are the ' +
    'minimal AWS-maintained policies for these two needs; an inline copy would drift.',
  xrayWildcard:
    'X-Ray PutTraceSegments and PutTelemetryRecords support no resource-level permissions, so ' +
    'active tracing needs Resource "*".',
  runtimePinned:
    'nodejs22.x is the runtime the issue fixes and the project builds for (esbuild node22); ' +
    'moving to a newer runtime is a tested upgrade, not a synth default.',
  providerFramework:
    'The CDK custom resource Provider framework owns this function, its runtime and its role: ' +
    'it invokes the migration function (and its versions, hence :*) and writes its own logs.',
} as const;

/** The managed policies CDK attaches to a function's role (in VPC or not). */
const LAMBDA_POLICIES = ['AWSLambdaBasicExecutionRole', 'AWSLambdaVPCAccessExecutionRole'];

/** Acknowledges one finding (`IAM5[Resource::*]`, `SMG4`, ...) on a construct, with a reason. */
export function acknowledge(construct: IConstruct, finding: string, reason: string): void {
  Validations.of(construct).acknowledge({ id: `AwsSolutions-${finding}`, reason });
}

/** The IAM4 finding of an AWS managed service-role policy. */
export function managedPolicyFinding(name: string): string {
  return `IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/${name}]`;
}

/** The IAM5 finding of `<resource ARN>:*`, how CDK grants invoke on a function's versions. */
export function versionsFinding(resource: IConstruct): string {
  const cfn = resource.node.defaultChild;
  if (!CfnResource.isCfnResource(cfn)) throw new Error(`${resource.node.path} has no resource`);
  return `IAM5[Resource::<${Stack.of(cfn).getLogicalId(cfn)}.Arn>:*]`;
}

/** The findings every Lambda function of this app carries, with their reasons. */
export function acknowledgeFunctionFindings(fn: IConstruct): void {
  for (const policy of LAMBDA_POLICIES) {
    acknowledge(fn, managedPolicyFinding(policy), REASONS.lambdaManagedPolicies);
  }
  acknowledge(fn, 'IAM5[Resource::*]', REASONS.xrayWildcard);
  acknowledge(fn, 'L1', REASONS.runtimePinned);
}

/** The Provider framework's own function, which invokes `target`. */
export function acknowledgeProviderFindings(provider: IConstruct, target: IConstruct): void {
  acknowledge(
    provider,
    managedPolicyFinding('AWSLambdaBasicExecutionRole'),
    REASONS.providerFramework,
  );
  acknowledge(provider, versionsFinding(target), REASONS.providerFramework);
  acknowledge(provider, 'L1', REASONS.providerFramework);
}
