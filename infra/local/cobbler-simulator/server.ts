/**
 * An in-process Cobbler XML-RPC server on 127.0.0.1 that behaves like Cobbler 3.3.7 (or a 2.x
 * Cobbler as Fuel shipped it) for the calls the relay makes: see `reference/onprem.md` §4.3.
 * Tests read its state and call log, and inject faults, hangs and outages.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { encodeFault, encodeResponse, type MethodCall, readMethodCall } from './codec.js';
import type { SimContext, SimulatorHooks } from './context.js';
import { EventStore } from './events.js';
import { SimFault } from './faults.js';
import { FaultInjector, type InjectedFault } from './injection.js';
import { createDispatcher, type Dispatcher } from './methods.js';
import type { PowerHook } from './power.js';
import { SimulatorStore } from './store.js';
import { TokenStore } from './tokens.js';

/** How to start a simulator; every field has a default. */
export interface CobblerSimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Users and passwords `login` accepts; default `{cobbler: 'cobbler'}`. */
  users?: Readonly<Record<string, string>>;
  /** What `version()` answers: 3.307 (default, 3.x field names) or a 2.x value such as 2.8. */
  version?: number;
  /** Profiles systems may use; default Fuel's `bootstrap`, `ubuntu_bootstrap`, `ubuntu_1604_x86_64`. */
  profiles?: readonly string[];
  /** Installed fence agents, i.e. the valid `power_type` values. */
  powerTypes?: readonly string[];
  /** Delay before every answer. */
  latencyMs?: number;
  /** Time a background task spends in each of `notification` and `running`; default 500 ms. */
  taskStepMs?: number;
  /** Faults armed from the start. */
  faults?: ReadonlyArray<InjectedFault & { method: string }>;
  onPower?: PowerHook;
}

/** One call as the simulator received it; tokens and passwords replaced by placeholders. */
export interface RecordedCall {
  method: string;
  args: unknown[];
}

/** A running simulator. */
export interface CobblerSimulator {
  /** The endpoint, `http://127.0.0.1:<port>/cobbler_api`. */
  readonly url: string;
  readonly port: number;
  /** Systems, profiles, machines' power and sync count. */
  readonly state: SimulatorStore;
  readonly calls: RecordedCall[];
  /** Called after each power action on a machine. */
  onPower: PowerHook | undefined;
  /** The next call(s) of `method` answer a fault. */
  failNext(method: string, fault?: InjectedFault): void;
  /** The next background task(s) end `failed`. */
  failNextTask(count?: number): void;
  /** Calls of `method` are never answered (all of them unless `times` is given). */
  hang(method: string, times?: number): void;
  /** Disarms every injected fault and hang. */
  clearFaults(): void;
  /** Stops listening and drops open connections: clients see connection refused. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

const RPC_PATHS = new Set(['/', '/RPC2', '/cobbler_api']);
const DEFAULT_PROFILES = ['bootstrap', 'ubuntu_bootstrap', 'ubuntu_1604_x86_64'];
const DEFAULT_POWER_TYPES = ['ssh', 'ipmilan', 'ipmilanplus', 'redfish', 'virsh'];

/** Starts a simulator and resolves once it listens. */
export async function startCobblerSimulator(
  options: CobblerSimulatorOptions = {},
): Promise<CobblerSimulator> {
  const version = options.version ?? 3.307;
  const store = new SimulatorStore({
    generation: version >= 3 ? 3 : 2,
    profiles: options.profiles ?? DEFAULT_PROFILES,
    powerTypes: options.powerTypes ?? DEFAULT_POWER_TYPES,
  });
  const hooks: SimulatorHooks = { onPower: options.onPower };
  const context: SimContext = {
    store,
    tokens: new TokenStore(options.users ?? { cobbler: 'cobbler' }),
    events: new EventStore(options.taskStepMs ?? 500),
    version,
    hooks,
  };
  const injector = new FaultInjector();
  for (const { method, ...fault } of options.faults ?? []) injector.failNext(method, fault);
  const calls: RecordedCall[] = [];
  const serve = requestHandler({ context, injector, calls, latencyMs: options.latencyMs ?? 0 });
  const server = createServer((request, response) => {
    serve(request, response).catch(() => response.destroy());
  });
  const port = await listen(server, options.port ?? 0);
  return simulatorHandle({ server, port, context, injector, calls, hooks });
}

interface HandlerParts {
  context: SimContext;
  injector: FaultInjector;
  calls: RecordedCall[];
  latencyMs: number;
}

function requestHandler(parts: HandlerParts) {
  const dispatch = createDispatcher(parts.context);
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (request.method !== 'POST') return plain(response, 501, 'Unsupported method');
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (!RPC_PATHS.has(path)) return plain(response, 404, 'Not Found');
    let call: MethodCall;
    try {
      call = await readMethodCall(request);
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      return xml(response, encodeFault(1, `<class 'xml.parsers.expat.ExpatError'>:${reason}`));
    }
    parts.calls.push({ method: call.method, args: maskSecrets(call, parts.context) });
    const injection = parts.injector.take(call.method);
    if (injection?.kind === 'hang') return;
    if (parts.latencyMs > 0) await delay(parts.latencyMs);
    if (injection?.kind === 'fault') {
      return xml(response, encodeFault(injection.faultCode, injection.faultString));
    }
    xml(response, await answer(dispatch, call));
  };
}

async function answer(dispatch: Dispatcher, call: MethodCall): Promise<string> {
  try {
    return encodeResponse(await dispatch(call.method, call.params));
  } catch (error) {
    if (error instanceof SimFault) return encodeFault(error.faultCode, error.faultString);
    const reason = error instanceof Error ? error.message : String(error);
    return encodeFault(1, `<class 'Exception'>:${reason}`);
  }
}

/** A copy of the call's arguments with tokens and passwords replaced. */
function maskSecrets(call: MethodCall, context: SimContext): unknown[] {
  const { method, params } = call;
  const passwordAt =
    method === 'login' ? 1 : passwordValueIndex(method, params[method === 'modify_item' ? 2 : 1]);
  return params.map((value, index) => {
    if (index === passwordAt) return '<password>';
    if (context.tokens.issued(value)) return '<token>';
    return structuredClone(value);
  });
}

function passwordValueIndex(method: string, attribute: unknown): number {
  if (attribute !== 'power_pass') return -1;
  if (method === 'modify_item') return 3;
  return method === 'modify_system' ? 2 : -1;
}

interface HandleParts {
  server: Server;
  port: number;
  context: SimContext;
  injector: FaultInjector;
  calls: RecordedCall[];
  hooks: SimulatorHooks;
}

function simulatorHandle(parts: HandleParts): CobblerSimulator {
  const { server, port, context, injector, hooks } = parts;
  let listening = true;
  const down = async () => {
    if (!listening) return;
    listening = false;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  };
  return {
    url: `http://127.0.0.1:${port}/cobbler_api`,
    port,
    state: context.store,
    calls: parts.calls,
    get onPower() {
      return hooks.onPower;
    },
    set onPower(hook) {
      hooks.onPower = hook;
    },
    failNext: (method, fault) => injector.failNext(method, fault),
    failNextTask: (count) => context.events.failNextTasks(count),
    hang: (method, times) => injector.hang(method, times),
    clearFaults: () => injector.clear(),
    down,
    up: async () => {
      if (listening) return;
      await listen(server, port);
      listening = true;
    },
    close: async () => {
      context.events.close();
      await down();
    },
  };
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function xml(response: ServerResponse, body: string): void {
  response.writeHead(200, { 'Content-Type': 'text/xml' });
  response.end(body);
}

function plain(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain' });
  response.end(body);
}
