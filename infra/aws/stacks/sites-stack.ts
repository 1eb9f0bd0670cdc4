import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { RelayPrincipal } from '../constructs/relay-principal.js';
import type { SiteQueue } from '../constructs/site-queue.js';

export interface SitesStackProps extends StackProps {
  namePrefix: string;
  /** The site queues by site name (made by the orchestration stack). */
  siteQueues: Record<string, SiteQueue>;
}

/**
 * One relay principal per configured site, and what its relay is configured with: the queue
 * URL and the IAM user whose access key the operator creates (README, "Register a site").
 * Adding a site is a context change and a deploy; removing one deletes its user and keys.
 */
export class SitesStack extends Stack {
  readonly relays: Record<string, RelayPrincipal> = {};

  constructor(scope: Construct, id: string, props: SitesStackProps) {
    super(scope, id, props);
    for (const [site, queues] of Object.entries(props.siteQueues)) {
      const relay = new RelayPrincipal(this, `Relay-${site}`, {
        userName: `${props.namePrefix}-relay-${site}`,
        siteQueue: queues.queue,
      });
      this.relays[site] = relay;
      new CfnOutput(this, `${site}QueueUrl`, { value: queues.queue.queueUrl });
      new CfnOutput(this, `${site}RelayUser`, { value: relay.user.userName });
    }
  }
}
