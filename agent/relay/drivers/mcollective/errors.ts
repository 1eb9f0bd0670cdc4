/**
 * Named failures of the MCollective driver. Every one extends `McoError`, keeps its `cause`
 * and says whether trying again later may succeed (`retryable`): the relay's state machine
 * retries the retryable ones by name and records the others as the step's terminal failure.
 */

/** Names of the errors a caller may retry (for a state machine's `Retry.ErrorEquals`). */
export const RETRYABLE_MCO_ERRORS = [
  'McoNoResponse',
  'McoBridgeDied',
  'McoTransportFailed',
] as const;
export type RetryableMcoError = (typeof RETRYABLE_MCO_ERRORS)[number];

/** Where a failure happened: the agent and action that were called. */
export interface McoCallSite {
  agent: string;
  action: string;
}

/** Base of the driver's errors. */
export class McoError extends Error {
  readonly retryable: boolean;
  readonly agent: string | undefined;
  readonly action: string | undefined;

  constructor(message: string, retryable: boolean, site?: McoCallSite, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = new.target.name;
    this.retryable = retryable;
    this.agent = site?.agent;
    this.action = site?.action;
  }
}

/** Some nodes never answered, even after the retries (`nodes` lists them). */
export class McoNoResponse extends McoError {
  readonly nodes: string[];

  constructor(site: McoCallSite, nodes: string[], attempts: number) {
    super(
      `No answer from node(s) ${nodes.join(', ')} to ${site.agent}.${site.action} ` +
        `after ${attempts} attempt(s)`,
      true,
      site,
    );
    this.nodes = nodes;
  }
}

/** The agent ran and refused or failed (statuscode 1, or 5 for an error it did not expect). */
export class McoAgentFailed extends McoError {
  readonly node: string;
  readonly statuscode: number;
  readonly statusmsg: string;
  /** The reply's data: agents fill partial results (e.g. command output) before failing. */
  readonly data: Record<string, unknown>;

  constructor(
    site: McoCallSite,
    node: string,
    statuscode: number,
    statusmsg: string,
    data: Record<string, unknown> = {},
  ) {
    super(`${site.agent}.${site.action} failed on node ${node}: ${statusmsg}`, false, site);
    this.node = node;
    this.statuscode = statuscode;
    this.statusmsg = statusmsg;
    this.data = data;
  }
}

/**
 * The request does not fit the agent's DDL: refused by the client before sending, or by the
 * node (statuscode 2 unknown action, 3 missing input, 4 invalid input).
 */
export class McoValidationFailed extends McoError {
  /** The node that refused, or undefined when the client refused before sending. */
  readonly node: string | undefined;

  constructor(site: McoCallSite, message: string, node?: string) {
    super(`${site.agent}.${site.action} rejected: ${message}`, false, site);
    this.node = node;
  }
}

/** The Ruby bridge process exited, could not start, or stopped answering. */
export class McoBridgeDied extends McoError {
  constructor(message: string, site?: McoCallSite, cause?: unknown) {
    super(message, true, site, cause);
  }
}

/** The bridge answered that its MCollective client failed (middleware unreachable, ...). */
export class McoTransportFailed extends McoError {
  constructor(site: McoCallSite, message: string) {
    super(`${site.agent}.${site.action} could not be sent: ${message}`, true, site);
  }
}
