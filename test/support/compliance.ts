import { execFileSync, spawnSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';

/** One unacknowledged cdk-nag finding: the rule and the resource it was found on. */
export interface NagFinding {
  readonly rule: string;
  readonly resource: string;
}

/** One acknowledgement recorded on a construct, with its reason. */
export interface Acknowledgement {
  readonly path: string;
  readonly rule: string;
  readonly reason: string;
}

/**
 * cdk-nag's AwsSolutions pack over a stack, as a user running it on a stack of our constructs would see it:
 * the findings that no construct acknowledged.
 */
export function awsSolutionsFindings(stack: Stack): NagFinding[] {
  const report = new AwsSolutionsChecks().validateScope(stack);
  return report.violations.flatMap(violation =>
    violation.violatingResources.map(resource => ({ rule: violation.ruleName, resource: resource.constructPath ?? resource.resourceLogicalId ?? 'unknown' })));
}

/** Every acknowledgement recorded anywhere under `scope`, so the list can be reviewed. */
export function acknowledgements(scope: IConstruct): Acknowledgement[] {
  return scope.node.findAll().flatMap(construct => construct.node.metadata
    .filter(entry => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap(entry => Object.entries(entry.data as Record<string, string>)
      .map(([rule, reason]) => ({ path: construct.node.path, rule, reason }))));
}

/** A cfn-lint result, as its JSON output reports it. */
export interface CfnLintMatch {
  readonly Rule: { readonly Id: string };
  readonly Message: string;
  readonly Level: string;
  readonly Location: { readonly Path?: unknown[] };
}

/**
 * cfn-lint warnings accepted on every template, each with its reason. Errors are never accepted.
 */
export const ACCEPTED_CFN_LINT_WARNINGS: Record<string, string> = {
  W3045: 'aws-cdk-lib sets the legacy AccessControl LogDeliveryWrite on server-access-log buckets it configures',
  W3005: 'aws-cdk-lib makes a Lambda function depend on its role explicitly as well as through GetAtt',
};

function requireTool(tool: string): void {
  const found = spawnSync(tool, ['--version'], { encoding: 'utf8' });
  if (found.error || found.status !== 0) {
    throw new Error(`${tool} is not installed or not on PATH. Install the development tools with `
      + '`scripts/run test` (it creates .tools/venv from requirements-dev.txt), or `pip install -r requirements-dev.txt`.');
  }
}

/** Runs cfn-lint on a synthesized template and returns every match it reports. */
export function cfnLint(stack: Stack): CfnLintMatch[] {
  requireTool('cfn-lint');
  const dir = mkdtempSync(join(tmpdir(), 'cfn-lint-'));
  try {
    const file = join(dir, 'template.json');
    writeFileSync(file, JSON.stringify(Template.fromStack(stack).toJSON(), undefined, 1));
    let output: string;
    try {
      output = execFileSync('cfn-lint', ['--format', 'json', '--', file], { encoding: 'utf8' });
    } catch (error) {
      // cfn-lint exits non-zero whenever it reports a match; its JSON is still on stdout.
      output = (error as { stdout?: string }).stdout ?? '';
      if (!output.trim().startsWith('[')) {
        throw error;
      }
    }
    return JSON.parse(output) as CfnLintMatch[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The cfn-lint matches that are neither informational nor an accepted warning, formatted for a diff. */
export function cfnLintProblems(stack: Stack): string[] {
  return cfnLint(stack)
    .filter(match => match.Level !== 'Informational' && !(match.Level === 'Warning' && match.Rule.Id in ACCEPTED_CFN_LINT_WARNINGS))
    .map(match => `${match.Rule.Id} ${match.Message} at ${JSON.stringify(match.Location.Path ?? [])}`);
}

/**
 * Asserts that a stack passes cdk-nag's AwsSolutions pack with no unacknowledged finding and cfn-lint with no
 * error or unaccepted warning.
 */
export function expectCompliant(stack: Stack): void {
  expect(awsSolutionsFindings(stack)).toEqual([]);
  expect(cfnLintProblems(stack)).toEqual([]);
}
