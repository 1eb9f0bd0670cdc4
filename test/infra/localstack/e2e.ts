/**
 * One deployment through the LocalStack profile (run by `scripts/test-localstack.sh` after
 * `cdklocal deploy`): apply the schema with the migration function, log in, register a site and two nodes with its credential, create an
 * environment, deploy it, and let a scripted relay answer every step through SQS and the task
 * tokens; the task must end `ready`. Then the progress function is invoked with an `aws:rmq`
 * event (LocalStack has no Amazon MQ mapping). Exits non-zero on the first failure.
 */
import { readFileSync } from 'node:fs';
import { createAwsTransport } from '../../../agent/relay/transport/aws-transport.js';
import { startFakeRelay } from '../../runtime/support/fake-relay.js';
import { agentPayload } from '../../support/lab.js';

type Outputs = Record<string, Record<string, string>>;

const endpoint = process.env.AWS_ENDPOINT_URL ?? 'http://localhost:4566';
const region = process.env.AWS_REGION ?? 'us-east-1';
const adminPassword = process.env.FUEL_LOCAL_ADMIN_PASSWORD ?? 'fuel-localstack-admin';
const TEST_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };
const DEPLOY_TIMEOUT_MS = 5 * 60_000;

function output(outputs: Outputs, stackSuffix: string, keyPrefix: string): string {
  for (const [stack, values] of Object.entries(outputs)) {
    if (!stack.endsWith(stackSuffix)) continue;
    const key = Object.keys(values).find((k) => k.startsWith(keyPrefix));
    if (key) return values[key] as string;
  }
  throw new Error(`no output ${keyPrefix}* in a stack *${stackSuffix}`);
}

/** LocalStack serves a REST API under its own path; the output names the AWS-style host. */
function localApiBase(apiUrl: string): string {
  const apiId = new URL(apiUrl).hostname.split('.')[0];
  return `${endpoint}/restapis/${apiId}/prod/_user_request_`;
}

function client(base: string) {
  return async <T>(method: string, path: string, body?: unknown, auth?: Record<string, string>) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...auth },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (response.status >= 400) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
}

/** Lambda's Invoke API; LocalStack takes it unsigned. A function error fails the run. */
async function invoke(functionName: string, event: unknown): Promise<unknown> {
  const url = `${endpoint}/2015-03-31/functions/${functionName}/invocations`;
  const response = await fetch(url, { method: 'POST', body: JSON.stringify(event) });
  const result = await response.json();
  if (!response.ok || response.headers.get('x-amz-function-error')) {
    throw new Error(`${functionName} failed: ${JSON.stringify(result)}`);
  }
  return result;
}

/** An `aws:rmq` event with one report for no task: applied as nothing, without error. */
function progressEvent(): unknown {
  const report = { method: 'deploy_resp', args: { task_uuid: 'no-such-task', progress: 10 } };
  return {
    eventSource: 'aws:rmq',
    rmqMessagesByQueue: {
      'nailgun::/': [{ data: Buffer.from(JSON.stringify(report)).toString('base64') }],
    },
  };
}

type Api = ReturnType<typeof client>;
type AuthHeaders = Record<string, string>;

/** Logs in as admin, registers a site, and returns the operator's and the agents' headers. */
async function credentials(api: Api): Promise<{ operator: AuthHeaders; agent: AuthHeaders }> {
  const login = await api<{ access: { token: { id: string } } }>('POST', '/keystone/v2.0/tokens', {
    auth: { passwordCredentials: { username: 'admin', password: adminPassword } },
  });
  const operator = { 'X-Auth-Token': login.access.token.id };
  const site = await api<{ credential: string }>(
    'POST',
    '/api/v1/sites',
    { name: `e2e-${Date.now()}` },
    operator,
  );
  return { operator, agent: { Authorization: `Bearer ${site.credential}` } };
}

/** Two nodes discovered through the agent route, in a new environment: a controller, a compute. */
async function environment(api: Api, operator: AuthHeaders, agent: AuthHeaders): Promise<number> {
  const nodes: number[] = [];
  for (let i = 0; i < 2; i++) {
    nodes.push((await api<{ id: number }>('POST', '/api/nodes/', agentPayload(), agent)).id);
  }
  const cluster = await api<{ id: number }>(
    'POST',
    '/api/v1/clusters/',
    { name: `e2e-${Date.now()}`, release_id: 1 },
    operator,
  );
  const roles = [
    { id: nodes[0], roles: ['controller'] },
    { id: nodes[1], roles: ['compute'] },
  ];
  await api('POST', `/api/v1/clusters/${cluster.id}/assignment/`, roles, operator);
  return cluster.id;
}

/** Deploys the environment while a scripted relay answers every step as done. */
async function deploy(api: Api, operator: AuthHeaders, clusterId: number, queueUrl: string) {
  const transport = createAwsTransport({
    queueUrl,
    region,
    sqsEndpoint: endpoint,
    sfnEndpoint: endpoint,
    credentials: TEST_CREDENTIALS,
  });
  const relay = startFakeRelay(transport, () => ({ output: { status: 'done' } }));
  try {
    const path = `/api/v1/clusters/${clusterId}/changes`;
    const task = await api<{ id: number }>('PUT', path, undefined, operator);
    const final = await waitForTask(api, task.id, operator);
    console.log(`[e2e] task ${task.id}: ${final.status}, ${relay.received.length} relay steps`);
    if (final.status !== 'ready') throw new Error(`deployment ended ${final.status}`);
  } finally {
    await relay.stop();
  }
}

async function main(outputsFile: string): Promise<void> {
  const outputs = JSON.parse(readFileSync(outputsFile, 'utf8')) as Outputs;
  const schemaFunction = output(outputs, '-Data', 'SchemaFunctionName');
  const schema = await invoke(schemaFunction, { RequestType: 'Create' });
  console.log(`[e2e] schema: ${JSON.stringify(schema)}`);
  const api = client(localApiBase(output(outputs, '-Api', 'RestApiEndpoint')));

  const { operator, agent } = await credentials(api);
  const clusterId = await environment(api, operator, agent);
  await deploy(api, operator, clusterId, output(outputs, '-Sites', 'dc1QueueUrl'));

  const progressFunction = output(outputs, '-Progress', 'ProgressFunctionName');
  const progress = await invoke(progressFunction, progressEvent());
  console.log(`[e2e] progress function answered ${JSON.stringify(progress)}`);
}

async function waitForTask(
  api: Api,
  taskId: number,
  auth: AuthHeaders,
): Promise<{ status: string }> {
  const deadline = Date.now() + DEPLOY_TIMEOUT_MS;
  for (;;) {
    const task = await api<{ status: string }>('GET', `/api/v1/tasks/${taskId}/`, undefined, auth);
    if (task.status !== 'pending' && task.status !== 'running') return task;
    if (Date.now() > deadline) throw new Error(`task ${taskId} still ${task.status}`);
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

main(process.argv[2] ?? 'cdk.out/localstack-outputs.json').catch((error: unknown) => {
  console.error('[e2e] failed:', error);
  process.exit(1);
});
