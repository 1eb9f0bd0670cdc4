import { App, CfnElement, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { APP_CONTEXT, readFuelConfig } from '../../../infra/aws/config.js';
import { createFuelSystem } from '../../../infra/aws/system.js';

/** Two sites, so that "its own queue only" has another queue to be kept from. */
export const SITES = ['dc1', 'dc2'];

/**
 * The AWS profile of the app as `cdk synth` builds it, without esbuild (bundling skipped) and
 * without CDK's built-in CloudFormation validation (seconds of WASM per synth; `cdk synth`
 * still runs it). Build once per test file.
 */
export function buildFuelApp(context: Record<string, unknown> = {}) {
  const app = new App({
    context: { ...APP_CONTEXT, 'aws:cdk:bundling-stacks': [], sites: SITES, ...context },
    builtinCloudFormationValidation: false,
  });
  const config = readFuelConfig(app.node);
  const system = createFuelSystem(app, config);
  const templates = new Map<Stack, Template>();
  const template = (stack: Stack): Template => {
    let found = templates.get(stack);
    if (!found) {
      found = Template.fromStack(stack);
      templates.set(stack, found);
    }
    return found;
  };

  return { app, config, system, template };
}

/** A CloudFormation policy statement as it appears in a template. */
export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

/** The logical id of a construct's CloudFormation resource (or of the construct itself). */
export function logicalId(construct: IConstruct): string {
  const element = construct instanceof CfnElement ? construct : construct.node.defaultChild;
  if (!(element instanceof CfnElement)) throw new Error(`${construct.node.path} has no resource`);
  return element.stack.getLogicalId(element);
}

/** Every statement of the policies attached to a role or user, in one template. */
export function statementsOf(
  template: Template,
  principal: { kind: 'Roles' | 'Users'; logicalId: string },
): Statement[] {
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.values(policies).flatMap((policy) => {
    const props = policy.Properties as {
      PolicyDocument: { Statement: Statement[] };
      Roles?: unknown[];
      Users?: unknown[];
    };
    const attached = JSON.stringify(props[principal.kind] ?? []);
    return attached.includes(`"${principal.logicalId}"`) ? props.PolicyDocument.Statement : [];
  });
}

/** A statement's actions as an array. */
export function actionsOf(statement: Statement): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

/** Every action the statements allow. */
export function allActions(statements: Statement[]): string[] {
  return statements.flatMap(actionsOf);
}
