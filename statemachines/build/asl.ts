/**
 * The subset of the Amazon States Language (JSONPath flavour) the workflows use, typed so the
 * builders cannot emit a misspelt field. Key order in these objects is the order in the files.
 */

/** Any JSON value. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | JsonValue[]
  | { [key: string]: JsonValue };

/** A payload template: keys ending in `.$` hold a path or an intrinsic function. */
export type PayloadTemplate = { [key: string]: JsonValue };

export interface Retrier {
  ErrorEquals: string[];
  IntervalSeconds: number;
  MaxAttempts: number;
  BackoffRate: number;
}

export interface Catcher {
  ErrorEquals: string[];
  ResultPath: string;
  Next: string;
}

/** Where a state goes next: another state, or the end of its (sub)machine. */
export type Transition = { Next: string } | { End: true };

export type TaskState = {
  Type: 'Task';
  Comment?: string;
  Resource: string;
  Parameters: PayloadTemplate;
  ResultPath?: string | null;
  TimeoutSeconds: number;
  HeartbeatSeconds?: number;
  Retry: Retrier[];
  Catch?: Catcher[];
} & Transition;

export type MapState = {
  Type: 'Map';
  Comment?: string;
  ItemsPath: string;
  ItemSelector: PayloadTemplate;
  MaxConcurrency?: number;
  MaxConcurrencyPath?: string;
  ItemProcessor: SubMachine;
  ResultPath: string | null;
  Catch?: Catcher[];
} & Transition;

/** A choice rule: a comparison or a boolean combination, with `Next` on top-level rules. */
export type ChoiceRule = { [key: string]: JsonValue };

export interface ChoiceState {
  Type: 'Choice';
  Comment?: string;
  Choices: ChoiceRule[];
  Default: string;
}

export type PassState = {
  Type: 'Pass';
  Comment?: string;
  Parameters?: PayloadTemplate;
  Result?: JsonValue;
  ResultPath?: string | null;
} & Transition;

export interface FailState {
  Type: 'Fail';
  Comment?: string;
  Error?: string;
  Cause?: string;
  ErrorPath?: string;
  CausePath?: string;
}

export type State = TaskState | MapState | ChoiceState | PassState | FailState;

/** States by name. */
export type States = Record<string, State>;

/** The processor of a Map state's items. */
export interface SubMachine {
  ProcessorConfig: { Mode: 'INLINE' };
  StartAt: string;
  States: States;
}

/** A whole state machine definition, as written to `<name>.asl.json`. */
export interface MachineDefinition {
  Comment: string;
  StartAt: string;
  States: States;
}
