import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { readFuelConfig } from '../../infra/aws/config.js';

const configFrom = (context: Record<string, unknown>) => readFuelConfig(new App({ context }).node);

describe('the app context', () => {
  it('defaults to one site, deletion protection on, single-AZ, the AWS profile', () => {
    const config = configFrom({});

    expect(config).toMatchObject({
      profile: 'aws',
      prefix: 'Fuel',
      sites: ['dc1'],
      deletionProtection: true,
      multiAz: false,
      maxConcurrency: 50,
    });
    expect(config.apiDomain).toBeUndefined();
  });

  it('reads lists and flags from cdk.json values and from -c strings alike', () => {
    const fromJson = configFrom({ sites: ['dc1', 'dc2'], deletionProtection: false });
    const fromCli = configFrom({ sites: 'dc1, dc2', deletionProtection: 'false' });

    expect(fromCli.sites).toEqual(fromJson.sites);
    expect(fromCli.deletionProtection).toBe(false);
  });

  it('names the LocalStack profile FuelLocal unless a prefix is given', () => {
    expect(configFrom({ profile: 'localstack' }).prefix).toBe('FuelLocal');
    expect(configFrom({ profile: 'localstack', prefix: 'Lab' }).prefix).toBe('Lab');
  });

  it('refuses values that would make invalid names or silent defaults', () => {
    expect(() => configFrom({ sites: 'DC_1' })).toThrow('context sites: "DC_1" is not a site name');
    expect(() => configFrom({ sites: '' })).toThrow('at least one site is required');
    expect(() => configFrom({ multiAz: 'yes' })).toThrow(
      'context multiAz: "yes" is not true or false',
    );
    expect(() => configFrom({ profile: 'gcp' })).toThrow('context profile: "gcp"');
    expect(() => configFrom({ maxConcurrency: '-1' })).toThrow('context maxConcurrency');
    expect(() => configFrom({ prefix: 'fuel-prod' })).toThrow('context prefix');
  });
});
