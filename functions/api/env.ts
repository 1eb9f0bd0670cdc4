import type { Logger } from '../core/logger.js';
import type { OrchestrationContext } from '../core/orchestration/context.js';

/** How the API is reached and guarded; filled from the environment by the host. */
export interface ApiConfig {
  /** Admin-network CIDRs whose hosts may call the agent routes without a site credential. */
  agentCidrs: string[];
  /** Lifetime of an operator token in seconds. */
  tokenTtlSeconds: number;
  /** Key that signs operator tokens. */
  tokenSecret: Buffer;
}

/** Who made a request, once authorized. */
export type Principal =
  | { kind: 'user'; userId: number; username: string; roles: string[] }
  | { kind: 'site'; siteId: number; siteName: string }
  | { kind: 'admin-network'; address: string }
  | { kind: 'anonymous' };

/** Everything a request handler can reach. */
export interface AppDeps extends OrchestrationContext {
  config: ApiConfig;
  /** The peer address of the request, as the host sees it (socket or API Gateway identity). */
  clientAddress: (raw: Request, hostContext: unknown) => string | undefined;
}

/** Hono's environment type for this app. */
export interface AppEnv {
  Variables: {
    deps: AppDeps;
    log: Logger;
    requestId: string;
    principal: Principal;
    /** Ids of what the request touched, added to its log line. */
    touched: Record<string, unknown>;
    format: 'json' | 'yaml';
  };
}
