import { describe, expect, it } from 'vitest';
import { evaluate } from '../evaluation/evaluate.js';
import { buildReport } from '../evaluation/report.js';
import { RULES } from '../rules/index.js';
import { inspectToTarget } from '../sources/inspect/inspect-to-target.js';
import { renderHtml } from './html.js';
import { INSPECT_FILE_SOURCE } from '../sources/inspect/inspect-adapter.js';
import { testFingerprint } from '../../test/support/fingerprint.js';
import { engineFacts } from '../../test/support/engine-facts.js';
import { SourceMap, type EngineTarget } from '../model/target.js';
import { ENGINE_SOURCE } from '../sources/engine/engine-source.js';

const HOSTILE = `<script>alert("x")</script>'"&<img src=x onerror=alert(1)>`;

function reportOf(containers: Record<string, unknown>[]) {
  const targets = containers.map((raw, index) =>
    inspectToTarget({ Id: String(index).padStart(64, 'a'), ...raw }, { kind: INSPECT_FILE_SOURCE, file: 'x.json' }),
  );
  const evaluation = evaluate({ secretFingerprint: testFingerprint, containers: targets, host: {} }, RULES, {
    profile: 'recommended',
    today: '2026-11-30',
    waivers: [{ rule: 'privileged', target: 'waived-*', reason: `reason ${HOSTILE}`, owner: HOSTILE, expires: '2099-01-01' }],
  });
  return buildReport(evaluation, { source: 'inspect-file', file: `x${HOSTILE}.json` }, { profile: 'recommended', version: '0.0.0' });
}

describe('the HTML report', () => {
  const report = reportOf([
    { Name: `/${HOSTILE}`, Config: { Image: HOSTILE, Labels: { [HOSTILE]: HOSTILE } }, HostConfig: { Privileged: true, Binds: [] } },
    { Name: '/waived-builder', Config: { Image: 'builder' }, HostConfig: { Privileged: true } },
  ]);
  const html = renderHtml(report, {
    generatedAt: '2026-11-30T00:00:00Z',
    history: [
      { createdAt: '2026-11-01', summary: { critical: 3, high: 2, medium: 1, low: 0, info: 0 } },
      { createdAt: '2026-11-30', summary: report.summary },
    ],
  });

  it('escapes every value it shows: names, images, labels, file names, waiver text', () => {
    // The only scripts are dockward's own; no tag or attribute comes from the data.
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('alert("x")</script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&apos;&quot;&amp;&lt;img src=x onerror=alert(1)&gt;');
  });

  it('is self-contained: nothing loads from elsewhere', () => {
    expect(html).not.toMatch(/\b(src|href)=["']?(https?:)?\/\//);
    expect(html).not.toMatch(/@import|url\(/);
    expect(html).toContain("default-src 'none'");
  });

  it('shows counts, a matrix row per container, waived findings apart, and a trend', () => {
    expect(html).toContain(`<span class="n">${report.summary.critical}</span><span class="badge s-critical">critical</span>`);
    expect(html.match(/<tr data-target=/g)).toHaveLength(2);
    expect(html).toMatch(
      /<h2 id="h-waived">Waived \(1, not counted\)<\/h2><details class="finding waived"[^>]*data-target="waived-builder"/,
    );
    expect(html).toContain('aria-label="Findings over 2 saved scans from 2026-11-01 to 2026-11-30');
  });

  it("carries each rule's explanation once, for findings to open", () => {
    expect(html.match(/<template id="rule-privileged">/g)).toHaveLength(1);
    expect(html).toContain(
      'Check by hand:</strong> <code>docker inspect -f &apos;{{.HostConfig.Privileged}}&apos; &lt;container&gt;</code>',
    );
  });
});

describe('the HTML report of several engines', () => {
  const engineAt = (url: string): EngineTarget => ({
    kind: 'engine',
    id: url,
    name: url,
    // Containers on the default bridge can reach each other: a finding about the engine itself.
    facts: engineFacts({ endpoint: { url, local: true }, defaultBridgeIcc: true }),
    sourceMap: new SourceMap(),
  });
  const containerOn = (url: string, index: number) =>
    inspectToTarget(
      { Id: String(index).padStart(64, 'b'), Name: '/web', Config: { Image: 'nginx' }, HostConfig: { Privileged: true } },
      { kind: ENGINE_SOURCE, endpoint: url },
    );
  const [first, second] = ['unix:///run/a.sock', 'ssh://ops@b.example'];
  const evaluation = evaluate(
    {
      secretFingerprint: testFingerprint,
      containers: [containerOn(second, 1), containerOn(first, 2)],
      engines: [engineAt(first), engineAt(second)],
    },
    RULES,
    { profile: 'recommended' },
  );
  const report = buildReport(
    evaluation,
    { source: 'engines', engines: [] },
    {
      profile: 'recommended',
      version: '0.0.0',
      problems: [{ engine: 'tcp://c:2376', message: 'cannot reach the Docker Engine at tcp://c:2376' }],
    },
  );
  const html = renderHtml(report, { generatedAt: '2026-12-04T00:00:00Z' });

  it('heads the findings of each engine with its endpoint, in the order the engines were given', () => {
    const headings = [...html.matchAll(/<h3 class="engine">engine ([^<]+)<\/h3>/g)].map((match) => match[1]);
    expect(headings).toEqual([first, second]);
    const [, afterFirst = ''] = html.split(`engine ${first}</h3>`);
    expect(afterFirst.indexOf('<h4>web</h4>')).toBeLessThan(afterFirst.indexOf(`engine ${second}`));
  });

  it("puts each engine's own findings under its heading, before its containers, not in one section for all", () => {
    expect(html).not.toContain('<h2 id="h-host">');
    for (const url of [first, second]) {
      const [, after = ''] = html.split(`engine ${url}</h3>`);
      const own = after.slice(0, after.indexOf('<h4>web</h4>'));
      expect(own).toContain('<h4>Engine and host</h4>');
      const engineFindings = report.findings.filter((finding) => finding.targetId === url);
      expect(engineFindings.length).toBeGreaterThan(0);
      for (const finding of engineFindings) expect(own).toContain(finding.message);
    }
  });

  it('names the engines it could not audit', () => {
    expect(html).toContain('<h2 id="h-not-audited">Not audited</h2><ul><li>cannot reach the Docker Engine at tcp://c:2376</li></ul>');
  });
});
