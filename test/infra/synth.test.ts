import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { APP_CONTEXT, readFuelConfig } from '../../infra/aws/config.js';
import { ESM_REQUIRE_BANNER, PROJECT_ROOT } from '../../infra/aws/constructs/bundling.js';
import { createLocalStackSystem } from '../../infra/aws/localstack.js';
import { createFuelSystem } from '../../infra/aws/system.js';
import { createSchemaUrl } from './support/schema-url.js';

const outdirs: string[] = [];
afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

function tempOutdir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fuel-cdk-'));
  outdirs.push(dir);
  return dir;
}

const MIGRATION_FILES = readdirSync(join(PROJECT_ROOT, 'functions/db/migrations')).sort();

/** The migration function's bundle: the asset its Lambda code points at. */
function migrationBundle(outdir: string, template: Template): string {
  const functions = Object.values(template.findResources('AWS::Lambda::Function'));
  const migrate = functions.find((f) => /migrations/.test(f.Properties.Description ?? ''));
  const key = String(migrate?.Properties.Code.S3Key ?? '');
  return join(outdir, `asset.${key.replace(/\.zip$/, '')}`);
}

let bundled: string | undefined;

/** The app with the data stack bundled for real (once per file): the migration bundle's dir. */
function bundledMigration(): string {
  if (bundled) return bundled;
  const outdir = tempOutdir();
  const app = new App({
    outdir,
    context: { ...APP_CONTEXT, 'aws:cdk:bundling-stacks': ['Fuel-Data'] },
    builtinCloudFormationValidation: false,
  });
  const { data } = createFuelSystem(app, readFuelConfig(app.node));
  app.synth();
  bundled = migrationBundle(outdir, Template.fromStack(data));
  return bundled;
}

describe('cdk synth', () => {
  it('produces the whole system offline, without any AWS call or account', () => {
    const app = new App({
      outdir: tempOutdir(),
      context: { ...APP_CONTEXT, 'aws:cdk:bundling-stacks': [] },
      // `npm run synth` runs CDK's CloudFormation validation; here it would cost seconds.
      builtinCloudFormationValidation: false,
    });
    createFuelSystem(app, readFuelConfig(app.node));

    const assembly = app.synth();

    expect(assembly.stacks.map((s) => s.stackName).sort()).toEqual([
      'Fuel-Api',
      'Fuel-Broker',
      'Fuel-Data',
      'Fuel-Orchestration',
      'Fuel-Progress',
      'Fuel-Sites',
    ]);
    for (const stack of assembly.stacks) {
      expect(stack.environment.account).toBe('unknown-account');
      expect(stack.environment.region).toBe('unknown-region');
    }
  });

  it('bundles a function with the local esbuild as ESM, with its migrations beside it', () => {
    const bundle = bundledMigration();

    const code = readFileSync(join(bundle, 'index.mjs'), 'utf8');
    expect(code.startsWith(ESM_REQUIRE_BANNER)).toBe(true);
    expect(existsSync(join(bundle, 'index.mjs.map'))).toBe(true);
    expect(readdirSync(join(bundle, 'migrations')).sort()).toEqual(MIGRATION_FILES);
  });

  it.skipIf(!process.env.DATABASE_URL)(
    'makes a migration bundle that applies the schema (waits for PostgreSQL at DATABASE_URL)',
    async () => {
      const bundle = bundledMigration();
      const schema = await createSchemaUrl(process.env.DATABASE_URL ?? '');
      const saved = { ...process.env };
      Object.assign(process.env, {
        DATABASE_URL: schema.url,
        FUEL_MIGRATIONS_DIR: join(bundle, 'migrations'),
        FUEL_ADMIN_PASSWORD: 'bundle-admin-password',
      });

      try {
        const { handler } = await import(pathToFileURL(join(bundle, 'index.mjs')).href);
        const result = await handler({ RequestType: 'Create' });

        expect(result).toEqual({
          PhysicalResourceId: 'fuel-schema',
          Data: { Applied: MIGRATION_FILES.length },
        });
        const users = await schema.query<{ username: string }>('SELECT username FROM users');
        expect(users).toEqual([{ username: 'admin' }]);
      } finally {
        process.env = saved;
        await schema.drop();
      }
    },
  );

  it('produces the LocalStack profile without VPC, RDS, Amazon MQ, layers or alarms', () => {
    const app = new App({
      outdir: tempOutdir(),
      context: { ...APP_CONTEXT, 'aws:cdk:bundling-stacks': [], profile: 'localstack' },
      builtinCloudFormationValidation: false,
    });
    const system = createLocalStackSystem(app, readFuelConfig(app.node));

    const stacks = app.synth().stacks;

    expect(stacks.map((s) => s.stackName).sort()).toEqual([
      'FuelLocal-Api',
      'FuelLocal-Data',
      'FuelLocal-Orchestration',
      'FuelLocal-Progress',
      'FuelLocal-Sites',
    ]);
    const types = stacks.flatMap((s) =>
      Object.values(s.template.Resources as Record<string, { Type: string }>).map((r) => r.Type),
    );
    for (const absent of ['AWS::EC2::VPC', 'AWS::RDS::DBInstance', 'AWS::AmazonMQ::Broker']) {
      expect(types).not.toContain(absent);
    }
    expect(types).not.toContain('AWS::Lambda::EventSourceMapping');
    expect(types).not.toContain('AWS::CloudWatch::Alarm');
    expect(types).not.toContain('Custom::FuelSchema');
    expect(types.filter((t) => t === 'AWS::StepFunctions::StateMachine')).toHaveLength(6);
    const api = Template.fromStack(system.api).findResources('AWS::Lambda::Function');
    const variables = Object.values(api)[0]?.Properties.Environment.Variables;
    expect(variables.DATABASE_URL).toMatch(/^postgresql:\/\/.*@postgres:5432\//);
    expect(JSON.stringify(variables.FUEL_TOKEN_SECRET)).toContain('{{resolve:secretsmanager:');
    expect(Object.values(api)[0]?.Properties.Layers).toBeUndefined();
  });
});
