import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { buildFuelApp } from './support/fuel-app.js';

/** `rule → construct paths` for every finding cdk-nag's AwsSolutions pack reports. */
function findings(app: IConstruct): Record<string, (string | undefined)[]> {
  const report = new AwsSolutionsChecks(app).validateScope(app);
  return Object.fromEntries(
    report.violations.map((v) => [v.ruleName, v.violatingResources.map((r) => r.constructPath)]),
  );
}

/** Every acknowledgement in the tree: which rule, on which construct, and why. */
function acknowledgements(app: IConstruct): { id: string; path: string; reason: string }[] {
  return app.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          // CDK records acknowledgements of plugin findings as `Annotation::<id>`.
          id: id.replace(/^annotation::/i, ''),
          path: construct.node.path,
          reason,
        })),
      ),
  );
}

describe('cdk-nag AwsSolutions checks', () => {
  it('find nothing that is not acknowledged, with the default context', () => {
    const { app } = buildFuelApp();

    expect(findings(app)).toEqual({});
  });

  it('find nothing either for a multi-AZ installation without deletion protection', () => {
    const { app } = buildFuelApp({ multiAz: 'true', deletionProtection: 'false' });

    expect(findings(app)).toEqual({});
  });

  it('accept only acknowledgements on single resources that state a reason', () => {
    const { app } = buildFuelApp();
    const ours = acknowledgements(app).filter((a) => a.id.startsWith('AwsSolutions-'));

    expect(ours.length).toBeGreaterThan(0);
    for (const { id, path, reason } of ours) {
      expect(id, path).toMatch(/^AwsSolutions-[A-Z]+\d+(\[.+\])?$/);
      expect(path, `${id} is acknowledged for a whole stack`).toContain('/');
      expect(reason.length, `${id} on ${path}`).toBeGreaterThanOrEqual(40);
    }
  });
});
