import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { SqliteHistory } from '../history/sqlite-history.js';
import { evaluate } from '../evaluation/evaluate.js';
import { buildReport, describeRule } from '../evaluation/report.js';
import { SUPPRESSION_WITHOUT_REASON } from '../evaluation/suppression-rule.js';
import { RULES } from '../rules/index.js';
import { detectSecretFormats } from '../secrets/named-values.js';
import { inspectToTarget } from '../sources/inspect/inspect-to-target.js';
import { renderGithub } from './github.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';
import { renderTable } from './table.js';
import { classifySecret } from '../secrets/classify.js';
import { SecretFormats } from '../secrets/secret-formats.js';
import { INSPECT_FILE_SOURCE } from '../sources/inspect/inspect-adapter.js';
import { testFingerprint } from '../../test/support/fingerprint.js';

const context = {
  appliedRules: [
    ...RULES.map((rule) => ({ ...describeRule(rule), scope: rule.scope })),
    { ...describeRule(SUPPRESSION_WITHOUT_REASON), scope: 'policy' as const },
  ],
};

it('never shows a secret value, in any format or the history database, wherever the secret was (property)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dw-leak-'));
  const store = SqliteHistory.open(join(dir, 'history.db'), 'write');
  const secrets: string[] = [];
  // Values the detector takes for secrets under a credential name: a generated `%…%` is a template slot, not a secret.
  const secret = fc
    .stringMatching(/^[A-Za-z0-9!#%+,.:=@^_~-]{12,40}$/)
    .filter((value) => classifySecret('DB_PASSWORD', value, SecretFormats.none) !== undefined);
  await fc.assert(
    fc.asyncProperty(secret, secret, secret, async (inEnv, inLabel, inArgument) => {
      const raw = {
        Id: 'a'.repeat(64),
        Name: '/victim',
        Config: { Env: [`DB_PASSWORD=${inEnv}`], Labels: { 'app.api-token': inLabel }, Cmd: [`--client-secret=${inArgument}`] },
        HostConfig: { Privileged: true },
      };
      const target = inspectToTarget(raw, { kind: INSPECT_FILE_SOURCE, file: 'x.json' });
      const evaluation = evaluate(
        { secretFingerprint: testFingerprint, containers: [target], host: {}, secretFormats: await detectSecretFormats([target]) },
        RULES,
        {
          profile: 'all',
        },
      );
      const report = buildReport(evaluation, { source: 'inspect-file', file: 'x.json' }, { profile: 'all', version: '0.0.0' });
      // The secrets must have been found, or the test would prove nothing.
      expect(
        report.findings.filter((f) => ['env-secret', 'label-secret', 'command-secret', 'weak-secret'].includes(f.ruleId)),
      ).toHaveLength(3);
      const outputs = [
        renderJson(report),
        renderSarif(report, context),
        renderJunit(report, context),
        renderMarkdown(report),
        renderGithub(report),
        renderTable(report, { color: false, showCapabilities: true }),
      ];
      store.save(report, new Date());
      secrets.push(inEnv, inLabel, inArgument);
      return outputs.every((output) => !output.includes(inEnv) && !output.includes(inLabel) && !output.includes(inArgument));
    }),
    { numRuns: 150 },
  );
  expect(store.scans()).toHaveLength(150);
  store.close();
  try {
    // The database file and whatever its WAL journal still holds.
    const files = await Promise.all((await readdir(dir)).map((name) => readFile(join(dir, name))));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(secrets.filter((value) => file.includes(value))).toEqual([]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
