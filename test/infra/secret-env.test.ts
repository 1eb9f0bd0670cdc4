import { describe, expect, it } from 'vitest';
import {
  databaseUrl,
  extensionSecretReader,
  resolveSecretEnv,
  type SecretReader,
} from '../../functions/core/aws/secret-env.js';

const DB_SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf';
const TOKEN_SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:token-AbCdEf';

/** A reader over fixed secrets that records which ones were read. */
function fakeSecrets(secrets: Record<string, string>): SecretReader & { read: string[] } {
  const read: string[] = [];
  const reader = async (id: string) => {
    read.push(id);
    const value = secrets[id];
    if (value === undefined) throw new Error(`no secret ${id}`);
    return value;
  };
  return Object.assign(reader, { read });
}

const RDS_SECRET = JSON.stringify({
  username: 'fuel',
  password: 'p@ss:w/rd',
  host: 'instance.abc.eu-west-1.rds.amazonaws.com',
  port: 5433,
  dbname: 'fuel',
  engine: 'postgres',
});

describe('resolveSecretEnv', () => {
  it('builds DATABASE_URL from the secret, at the proxy endpoint, over verified TLS', async () => {
    const secrets = fakeSecrets({ [DB_SECRET_ARN]: RDS_SECRET });
    const env = {
      DATABASE_SECRET_ARN: DB_SECRET_ARN,
      DATABASE_HOST: 'fuel-data-proxy.proxy-abc.eu-west-1.rds.amazonaws.com',
      DATABASE_NAME: 'fuel',
    };

    const resolved = await resolveSecretEnv(env, secrets);

    expect(resolved.DATABASE_URL).toBe(
      'postgresql://fuel:p%40ss%3Aw%2Frd@fuel-data-proxy.proxy-abc.eu-west-1.rds.amazonaws.com' +
        ':5432/fuel?sslmode=verify-full',
    );
    expect(env).not.toHaveProperty('DATABASE_URL');
  });

  it("uses the instance's own host and port when no proxy endpoint is given", () => {
    const url = databaseUrl(JSON.parse(RDS_SECRET));

    expect(url).toBe(
      'postgresql://fuel:p%40ss%3Aw%2Frd@instance.abc.eu-west-1.rds.amazonaws.com:5433/fuel' +
        '?sslmode=verify-full',
    );
  });

  it('fills plain secrets from their ARN variables', async () => {
    const secrets = fakeSecrets({ [TOKEN_SECRET_ARN]: 'signing-key' });

    const resolved = await resolveSecretEnv({ FUEL_TOKEN_SECRET_ARN: TOKEN_SECRET_ARN }, secrets);

    expect(resolved.FUEL_TOKEN_SECRET).toBe('signing-key');
  });

  it('reads no secret when the plain variables are set already (embedded mode, LocalStack)', async () => {
    const secrets = fakeSecrets({});
    const env = {
      DATABASE_URL: 'postgresql://fuel@postgres/fuel',
      DATABASE_SECRET_ARN: DB_SECRET_ARN,
      FUEL_TOKEN_SECRET: 'given',
      FUEL_TOKEN_SECRET_ARN: TOKEN_SECRET_ARN,
    };

    const resolved = await resolveSecretEnv(env, secrets);

    expect(resolved).toEqual(env);
    expect(secrets.read).toEqual([]);
  });

  it('refuses a database secret without credentials or host', async () => {
    const noPassword = fakeSecrets({ [DB_SECRET_ARN]: JSON.stringify({ username: 'fuel' }) });
    const noHost = fakeSecrets({
      [DB_SECRET_ARN]: JSON.stringify({ username: 'fuel', password: 'x' }),
    });

    await expect(
      resolveSecretEnv({ DATABASE_SECRET_ARN: DB_SECRET_ARN }, noPassword),
    ).rejects.toThrow('database secret lacks username or password');
    await expect(resolveSecretEnv({ DATABASE_SECRET_ARN: DB_SECRET_ARN }, noHost)).rejects.toThrow(
      'DATABASE_HOST is unset',
    );
  });
});

describe('extensionSecretReader', () => {
  it('asks the extension on localhost with the session token and returns SecretString', async () => {
    const calls: { url: string; token: string | null }[] = [];
    const fakeFetch = (async (url: string, init?: RequestInit) => {
      calls.push({ url, token: new Headers(init?.headers).get('X-Aws-Parameters-Secrets-Token') });
      return Response.json({ Name: 'db', SecretString: 'value' });
    }) as typeof fetch;
    const env = { PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: '2999', AWS_SESSION_TOKEN: 'session' };

    const value = await extensionSecretReader(env, fakeFetch)(DB_SECRET_ARN);

    expect(value).toBe('value');
    expect(calls).toEqual([
      {
        url: `http://localhost:2999/secretsmanager/get?secretId=${encodeURIComponent(DB_SECRET_ARN)}`,
        token: 'session',
      },
    ]);
  });

  it('fails with the status when the extension refuses (no permission, unknown secret)', async () => {
    const refusing = (async () => new Response('denied', { status: 400 })) as typeof fetch;

    await expect(extensionSecretReader({}, refusing)('missing')).rejects.toThrow(
      'secret missing unreadable: extension answered 400',
    );
  });
});
