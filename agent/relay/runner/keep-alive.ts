/**
 * While a step works, its execution must hear from the relay (`SendTaskHeartbeat`, before the
 * Task state's HeartbeatSeconds) and its message must stay hidden from other receivers
 * (`ChangeMessageVisibility`, before the visibility timeout). Both are renewed on one timer.
 */
import type { RelayLogger } from '../logger.js';
import type { StepTransport } from '../transport/step-transport.js';
import { TaskTokenClosed } from '../transport/task-token-closed.js';

/** One delivery kept alive. */
export interface KeepAliveTarget {
  taskToken: string;
  receiptHandle: string;
}

/** How often, and for how long each time. */
export interface KeepAliveSettings {
  intervalMs: number;
  visibilityTimeoutSeconds: number;
}

/** A running keep-alive. */
export interface KeepAlive {
  /** Whether a heartbeat found the task token closed (the execution moved on). */
  readonly closed: boolean;
  stop(): void;
}

/** Starts renewing; `onClosed` runs once when a heartbeat finds the token closed. */
export function startKeepAlive(
  transport: StepTransport,
  target: KeepAliveTarget,
  settings: KeepAliveSettings,
  hooks: { logger: RelayLogger; onClosed: () => void },
): KeepAlive {
  let closed = false;
  let busy = false;
  const renew = async () => {
    if (busy || closed) return;
    busy = true;
    try {
      await heartbeat(transport, target.taskToken, hooks.logger);
      await transport
        .extendVisibility(target.receiptHandle, settings.visibilityTimeoutSeconds)
        .catch((error: unknown) => hooks.logger.warn('visibility not extended', { error }));
    } catch (error) {
      if (!(error instanceof TaskTokenClosed)) throw error;
      closed = true;
      clearInterval(timer);
      hooks.onClosed();
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => {
    renew().catch((error: unknown) => hooks.logger.error('keep-alive failed', { error }));
  }, settings.intervalMs);

  return {
    get closed() {
      return closed;
    },
    stop: () => clearInterval(timer),
  };
}

/** One heartbeat; a closed token is thrown, any other failure is only logged. */
async function heartbeat(transport: StepTransport, token: string, logger: RelayLogger) {
  try {
    await transport.sendTaskHeartbeat(token);
  } catch (error) {
    if (error instanceof TaskTokenClosed) throw error;
    logger.warn('heartbeat not sent', { error });
  }
}
