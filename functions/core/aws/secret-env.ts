/**
 * How the Lambda functions in AWS find their secrets. The stacks never put a password in a
 * function's configuration: they pass secret ARNs, which are resolved here at cold start into
 * the plain variables every host of the code reads (`DATABASE_URL`, `FUEL_TOKEN_SECRET`,
 * `FUEL_ADMIN_PASSWORD`). A variable that is already set wins, so the embedded mode, the tests
 * and the LocalStack profile (which passes `DATABASE_URL` directly) need none of this.
 */

/** Reads the `SecretString` of a Secrets Manager secret by ARN or name. */
export type SecretReader = (secretId: string) => Promise<string>;

/** The parts of an RDS-generated database secret this code reads. */
interface DatabaseSecret {
  username: string;
  password: string;
  host?: string;
  port?: number | string;
  dbname?: string;
}

/** Which plain variable each `<NAME>_ARN`-style variable fills. */
const PLAIN_SECRETS = [
  { arn: 'FUEL_TOKEN_SECRET_ARN', plain: 'FUEL_TOKEN_SECRET' },
  { arn: 'FUEL_ADMIN_PASSWORD_SECRET_ARN', plain: 'FUEL_ADMIN_PASSWORD' },
] as const;

/** The extension's default port, when Lambda's configuration does not name one. */
const EXTENSION_PORT = 2773;

/**
 * A reader through the AWS Parameters and Secrets Lambda Extension (a layer the stacks add):
 * an HTTP call on localhost, cached by the extension, with no SDK in the bundle. The session
 * token authenticates the call to the extension, as its documentation requires.
 */
export function extensionSecretReader(
  env: NodeJS.ProcessEnv = process.env,
  fetchImpl: typeof fetch = fetch,
): SecretReader {
  const port = env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT ?? String(EXTENSION_PORT);

  return async (secretId) => {
    const url = `http://localhost:${port}/secretsmanager/get?secretId=${encodeURIComponent(secretId)}`;
    const response = await fetchImpl(url, {
      headers: { 'X-Aws-Parameters-Secrets-Token': env.AWS_SESSION_TOKEN ?? '' },
    });
    if (!response.ok) {
      throw new Error(`secret ${secretId} unreadable: extension answered ${response.status}`);
    }
    const body = (await response.json()) as { SecretString?: unknown };
    if (typeof body.SecretString !== 'string') {
      throw new Error(`secret ${secretId} has no SecretString`);
    }
    return body.SecretString;
  };
}

/**
 * The environment with its secret references resolved: `DATABASE_URL` from
 * `DATABASE_SECRET_ARN` (reached at `DATABASE_HOST`, the RDS Proxy endpoint, over verified TLS),
 * and each plain secret from its `_ARN` variable. Returns a new object; `env` is not changed.
 */
export async function resolveSecretEnv(
  env: NodeJS.ProcessEnv = process.env,
  readSecret: SecretReader = extensionSecretReader(env),
): Promise<NodeJS.ProcessEnv> {
  const resolved: NodeJS.ProcessEnv = { ...env };
  if (!env.DATABASE_URL && env.DATABASE_SECRET_ARN) {
    const secret = parseDatabaseSecret(await readSecret(env.DATABASE_SECRET_ARN));
    resolved.DATABASE_URL = databaseUrl(secret, {
      host: env.DATABASE_HOST,
      port: env.DATABASE_PORT,
      name: env.DATABASE_NAME,
    });
  }
  for (const { arn, plain } of PLAIN_SECRETS) {
    const secretId = env[arn];
    if (!env[plain] && secretId) resolved[plain] = await readSecret(secretId);
  }

  return resolved;
}

/** Where to connect instead of the instance the secret describes (the RDS Proxy endpoint). */
export interface DatabaseTarget {
  host?: string;
  port?: string;
  name?: string;
}

/**
 * A `pg` connection string for the secret's user. With a target host the secret's port is the
 * instance's, not the proxy's, so the target's port (PostgreSQL's default) applies.
 * `verify-full` because RDS Proxy presents a certificate from a public CA for its endpoint name
 * and refuses plain connections.
 */
export function databaseUrl(secret: DatabaseSecret, target: DatabaseTarget = {}): string {
  const host = target.host || secret.host;
  if (!host) throw new Error('database secret names no host and DATABASE_HOST is unset');
  const user = encodeURIComponent(secret.username);
  const password = encodeURIComponent(secret.password);
  const port = target.host ? (target.port ?? '5432') : (secret.port ?? 5432);
  const database = encodeURIComponent(target.name || secret.dbname || 'postgres');

  return `postgresql://${user}:${password}@${host}:${port}/${database}?sslmode=verify-full`;
}

function parseDatabaseSecret(text: string): DatabaseSecret {
  const parsed = JSON.parse(text) as Partial<DatabaseSecret>;
  if (typeof parsed.username !== 'string' || typeof parsed.password !== 'string') {
    throw new Error('database secret lacks username or password');
  }
  return parsed as DatabaseSecret;
}
