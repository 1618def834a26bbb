import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { RULES_DIR } from './prometheus-config';
import { ensureTool } from './prometheus';

/*
 * deploy/prometheus/rules/: every rule file clean by Debian's `promtool check rules`, every unit test
 * beside them (`*.test.yml`) passing under `promtool test rules`, and every rule exercised by one: each
 * alert seen firing in some test, each recording rule's value checked or feeding an alert seen firing.
 */

const run = promisify(execFile);
const files = (suffix: string) =>
  readdirSync(RULES_DIR)
    .filter((name) => name.endsWith(suffix))
    .sort();
const ruleFiles = files('.rules.yml');
const testFiles = files('.test.yml');

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
}
interface RuleTests {
  rule_files: string[];
  tests: Array<{
    promql_expr_test?: Array<{ expr: string }>;
    alert_rule_test?: Array<{ alertname: string; exp_alerts?: unknown[] }>;
  }>;
}

const read = <T>(name: string) => parse(readFileSync(path.join(RULES_DIR, name), 'utf8')) as T;
const rules = ruleFiles.flatMap((name) =>
  read<{ groups: Array<{ rules: Rule[] }> }>(name).groups.flatMap((group) => group.rules),
);
const tests = testFiles.map((name) => read<RuleTests>(name));

let promtool: string;
beforeAll(async () => {
  promtool = await ensureTool('promtool');
}, 600_000);

describe('deploy/prometheus/rules', () => {
  it('are clean by promtool check rules', async () => {
    expect(ruleFiles.length).toBeGreaterThanOrEqual(3);
    const { stdout, stderr } = await run(promtool, ['check', 'rules', ...ruleFiles], { cwd: RULES_DIR });
    expect(stderr).toBe('');
    expect(stdout.match(/SUCCESS/g)).toHaveLength(ruleFiles.length);
  });

  it('pass their unit tests (promtool test rules), one test file per rule file', async () => {
    expect(tests.flatMap((test) => test.rule_files).sort()).toEqual(ruleFiles);
    const result = await run(promtool, ['test', 'rules', ...testFiles], { cwd: RULES_DIR }).catch(
      (error: { stdout?: string; stderr?: string }) => ({
        stdout: error.stdout ?? '',
        stderr: error.stderr ?? '',
      }),
    );
    expect(result.stdout + result.stderr).not.toContain('FAILED');
    expect(result.stdout.match(/SUCCESS/g)).toHaveLength(testFiles.length);
  });

  it('each alert is seen firing in a test, and each recording rule is checked or feeds such an alert', () => {
    const seenFiring = new Set(
      tests.flatMap((file) =>
        file.tests.flatMap((test) =>
          (test.alert_rule_test ?? [])
            .filter((check) => (check.exp_alerts ?? []).length > 0)
            .map((check) => check.alertname),
        ),
      ),
    );
    const alerts = rules.filter((rule) => rule.alert);
    expect(alerts.length).toBeGreaterThanOrEqual(14);
    expect(alerts.map((rule) => rule.alert).filter((name) => !seenFiring.has(name!))).toEqual([]);

    const checkedExprs = tests.flatMap((file) =>
      file.tests.flatMap((test) => (test.promql_expr_test ?? []).map((check) => check.expr)),
    );
    const firingExprs = alerts.filter((rule) => seenFiring.has(rule.alert!)).map((rule) => rule.expr);
    const used = (name: string) =>
      [...checkedExprs, ...firingExprs].some((expr) =>
        new RegExp(`(^|[^\\w:])${name}([^\\w:]|$)`).test(expr),
      );
    const records = [...new Set(rules.filter((rule) => rule.record).map((rule) => rule.record!))];
    expect(records.filter((name) => !used(name))).toEqual([]);
  });
});
