import { describe, expect, it } from 'vitest';
import { buildReport } from '../evaluation/report.js';
import { evaluate } from '../evaluation/evaluate.js';
import { fixIn } from '../rules/define-rule.js';
import { RULES } from '../rules/index.js';
import { inspectToTarget } from '../sources/inspect/inspect-to-target.js';
import { renderTable } from './table.js';
import { hostNetwork } from '../rules/host-network/host-network.js';
import { fileSource } from '../sources/registry.js';
import { readNamedText } from '../sources/source-adapter.js';
import { ENGINE_SOURCE } from '../sources/engine/engine-source.js';
import { testFingerprint } from '../../test/support/fingerprint.js';

/** Inspect fields of a container that raises nothing in the recommended profile. */
const HARDENED = { HostConfig: { CapDrop: ['ALL'], SecurityOpt: ['no-new-privileges'] }, Config: { User: '10001' } };

function reportOf(inspects: Record<string, unknown>[]) {
  const targets = inspects.map((raw, index) =>
    inspectToTarget({ Id: `${index}`.padStart(64, 'a'), ...raw }, { kind: ENGINE_SOURCE, endpoint: 'unix:///x' }),
  );
  return buildReport(
    evaluate({ secretFingerprint: testFingerprint, containers: targets, host: {} }, RULES, { profile: 'recommended' }),
    { source: 'inspect-file', file: 'x.json' },
    { profile: 'recommended', version: '0.0.0' },
  );
}

describe('renderTable', () => {
  it('puts the worst container first and ends with a summary', () => {
    const text = renderTable(
      reportOf([
        { Name: '/mild', ...HARDENED, HostConfig: { ...HARDENED.HostConfig, Links: ['/a:/mild/a'] } },
        { Name: '/bad', HostConfig: { Privileged: true } },
      ]),
      { color: false, showCapabilities: false },
    );
    expect(text.indexOf('bad')).toBeLessThan(text.indexOf('mild'));
    expect(text.trimEnd().split('\n').at(-1)).toBe(
      '2 containers audited (profile recommended), 4 findings: 1 critical, 0 high, 2 medium, 1 low, 0 info',
    );
    expect(text).not.toContain('\u001b[');
  });

  it('lists containers without findings together', () => {
    const text = renderTable(reportOf([{ Name: '/clean', ...HARDENED }]), { color: false, showCapabilities: false });
    expect(text).toContain('no findings: clean');
  });

  it('neutralises terminal control characters coming from the container', () => {
    const text = renderTable(
      reportOf([
        { Name: '/evil', HostConfig: HARDENED.HostConfig, Config: { ...HARDENED.Config, Env: ['\u001b]0;pwned\u0007DB_PASSWORD=x1'] } },
      ]),
      { color: false, showCapabilities: false },
    );
    expect(text).toContain('\\x1b]0;pwned\\x07DB_PASSWORD');
    expect(text).not.toContain('\u001b');
  });
});

describe('fix lines in the words of the source', () => {
  it('gives a Compose service the rule’s Compose fix and a docker run line its flags (issue 16)', async () => {
    const compose = await readNamedText(fileSource('compose'), '/p/compose.yaml', 'services: {vpn: {image: x, network_mode: host}}');
    const run = await readNamedText(fileSource('shell'), '/p/run.sh', 'docker run --name vpn2 --network host x');
    const report = buildReport(
      evaluate({ secretFingerprint: testFingerprint, containers: [...compose.targets, ...run.targets], host: {} }, [hostNetwork], {
        profile: 'all',
      }),
      { source: 'lint', files: ['/p/compose.yaml', '/p/run.sh'] },
      { profile: 'all', version: '0.0.0' },
    );
    const text = renderTable(report, { color: false, showCapabilities: false });
    const [composePart, runPart] = text.split('vpn2');
    expect(composePart).toContain("shares the host's network namespace (network_mode: host)");
    expect(composePart).toContain(`fix: ${String(fixIn(hostNetwork, 'compose'))}`);
    expect(runPart).toContain("shares the host's network namespace (--network=host)");
    expect(runPart).toContain(`fix: ${String(fixIn(hostNetwork, 'run'))}`);
    expect(report.targets.map((target) => target.kind !== 'engine' && target.syntax)).toEqual(['compose', 'run']);
  });
});
