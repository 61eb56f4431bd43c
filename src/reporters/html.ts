import type { Report, ReportRule } from '../evaluation/report.js';
import type { Finding } from '../model/finding.js';
import { labelledFixes } from '../rules/define-rule.js';
import { SEVERITIES, severityRank, type Severity } from '../model/severity.js';
import { auditedTargets } from './audited.js';
import { xmlEscape as h } from './escape.js';
import { fixLines } from './fix-line.js';
import { describeProblem, describeWaiver, waivedFindings, whereOf } from './policy-text.js';
import { reportSourceNames } from './report-source.js';
import { runsByEngine } from './by-engine.js';

/** One earlier scan of the history database, for the trend chart. */
export interface TrendPoint {
  createdAt: string;
  summary: Partial<Record<Severity, number>>;
}

export interface HtmlContext {
  /** Oldest first; the chart needs two points or more. */
  history?: readonly TrendPoint[];
  generatedAt: string;
}

/** Colours that keep at least 4.5:1 contrast against white text (badges) and on white (text). */
const COLOURS: Record<Severity, string> = { critical: '#8b0000', high: '#b42318', medium: '#8a4b00', low: '#175cd3', info: '#475467' };

// A backslash at the end of a line continues it: the page gets the rule or statement on one line.
const STYLE = `
:root{color-scheme:light;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#101828;background:#fff}
body{margin:0 auto;max-width:72rem;padding:1rem}
h1{font-size:1.6rem;margin:.2rem 0}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #d0d5dd}h3{font-size:1.05rem;\
margin:1.2rem 0 .4rem}
.meta{color:#475467;margin:0;overflow-wrap:anywhere}
.counts{display:flex;flex-wrap:wrap;gap:.5rem;padding:0;list-style:none}
.counts li{border:1px solid #d0d5dd;border-radius:.4rem;padding:.4rem .8rem;min-width:6rem}
.counts .n{display:block;font-size:1.5rem;font-weight:700}
.badge{display:inline-block;color:#fff;border-radius:.3rem;padding:0 .4rem;font-size:.8rem;font-weight:700;\
text-transform:uppercase;min-width:4.6rem;text-align:center}
${SEVERITIES.map((severity) => `.s-${severity}{background:${COLOURS[severity]}}`).join('')}
.filters{display:flex;flex-wrap:wrap;gap:1rem;align-items:end;padding:.6rem;background:#f2f4f7;border-radius:.4rem}
.filters label{display:flex;flex-direction:column;font-size:.85rem;font-weight:600}
.filters select,.filters input{font:inherit;padding:.25rem;min-width:10rem}
:focus-visible{outline:3px solid #175cd3;outline-offset:2px}
.matrix{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;font-size:.85rem}
th,td{border:1px solid #d0d5dd;padding:.2rem .35rem;text-align:center}
th[scope=row]{text-align:left;white-space:nowrap}
thead th{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;font-weight:600}
td.hit{color:#fff;font-weight:700}
details.finding{border:1px solid #d0d5dd;border-radius:.4rem;margin:.3rem 0;padding:.3rem .6rem}
details.finding summary{cursor:pointer}
details.finding .body{margin:.4rem 0 .2rem}
code,pre{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace;background:#f2f4f7;border-radius:.25rem;\
padding:.05rem .25rem;white-space:pre-wrap;word-break:break-word}
.waived{opacity:.85;border-style:dashed}
.rule-doc{border-left:4px solid #d0d5dd;padding-left:.8rem;margin:1rem 0}
svg text{font:12px system-ui,sans-serif;fill:#101828}
[hidden]{display:none!important}
@media (max-width:40rem){body{padding:.5rem}.counts li{min-width:4.5rem}.filters{flex-direction:column;align-items:stretch}}
@media print{.filters,#shown{display:none}details.finding{break-inside:avoid}body{max-width:none}}
`;

/**
 * Filters and expansion. Rule explanations live once per rule in the page;
 * a finding copies its rule's into itself when opened (and all open for
 * printing), which keeps a report of a thousand containers small.
 */
const SCRIPT = `
(function(){
  var findings=[].slice.call(document.querySelectorAll('details.finding'));
  var rows=[].slice.call(document.querySelectorAll('tr[data-target]'));
  var order={critical:5,high:4,medium:3,low:2,info:1};
  var sev=document.getElementById('f-severity'),rule=document.getElementById('f-rule'),\
target=document.getElementById('f-target'),shown=document.getElementById('shown');
  function fill(d){var b=d.querySelector('.body');if(b.getAttribute('data-filled'))return;\
var t=document.getElementById('rule-'+d.getAttribute('data-rule'));if(t){b.appendChild(t.content.cloneNode(true));}\
b.setAttribute('data-filled','1');}
  findings.forEach(function(d){d.addEventListener('toggle',function(){if(d.open)fill(d);});});
  function apply(){
    var min=order[sev.value]||0,r=rule.value,t=target.value.trim().toLowerCase(),n=0,total=0,targets={};
    findings.forEach(function(d){var ok=order[d.getAttribute('data-severity')]>=min&&(!r||d.getAttribute('data-rule')===r)\
&&(!t||d.getAttribute('data-target').toLowerCase().indexOf(t)!==-1);d.hidden=!ok;var counted=!d.classList.contains('waived');\
if(counted)total++;if(ok&&counted){n++;targets[d.getAttribute('data-target')]=1;}});
    rows.forEach(function(row){row.hidden=!!(t||r||min)&&!targets[row.getAttribute('data-target')];});
    [].slice.call(document.querySelectorAll('section.target')).forEach(function(s){\
s.hidden=!s.querySelector('details.finding:not([hidden])');});
    shown.textContent=n+' of '+total+' findings shown';
  }
  [sev,rule,target].forEach(function(el){el.addEventListener('input',apply);});
  window.addEventListener('beforeprint',function(){findings.forEach(function(d){fill(d);d.open=true;});});
  apply();
})();
`;

function badge(severity: Severity): string {
  return `<span class="badge s-${severity}">${severity}</span>`;
}

/** Bars of the severity counts, as an image with a text alternative. */
function severityChart(summary: Record<Severity, number>): string {
  const max = Math.max(1, ...SEVERITIES.map((severity) => summary[severity]));
  const bars = SEVERITIES.map((severity, index) => {
    const width = Math.round((summary[severity] / max) * 300);
    const y = index * 26;
    const bar = `<rect x="70" y="${y + 3}" width="${width}" height="18" fill="${COLOURS[severity]}"/>`;
    return `<text x="0" y="${y + 15}">${severity}</text>${bar}<text x="${76 + width}" y="${y + 16}">${summary[severity]}</text>`;
  }).join('');
  const label = SEVERITIES.map((severity) => `${summary[severity]} ${severity}`).join(', ');
  const size = 'viewBox="0 0 420 130" width="100%" style="max-width:420px"';
  return `<svg role="img" aria-label="Findings by severity: ${h(label)}" ${size}>${bars}</svg>`;
}

/** One line per severity across the saved scans. */
function trendChart(points: readonly TrendPoint[]): string {
  if (points.length < 2) return '';
  const width = 560;
  const height = 180;
  const max = Math.max(1, ...points.flatMap((point) => SEVERITIES.map((severity) => point.summary[severity] ?? 0)));
  const x = (index: number) => 40 + (index * (width - 60)) / (points.length - 1);
  const y = (value: number) => height - 25 - (value * (height - 45)) / max;
  const lines = SEVERITIES.map((severity) => {
    const path = points
      .map((point, index) => `${index === 0 ? 'M' : 'L'}${x(index).toFixed(1)},${y(point.summary[severity] ?? 0).toFixed(1)}`)
      .join(' ');
    return `<path d="${path}" fill="none" stroke="${COLOURS[severity]}" stroke-width="2"><title>${severity}</title></path>`;
  }).join('');
  const first = points[0]?.createdAt.slice(0, 10) ?? '';
  const last = points.at(-1)?.createdAt.slice(0, 10) ?? '';
  const total = (point: TrendPoint) => SEVERITIES.reduce((sum, severity) => sum + (point.summary[severity] ?? 0), 0);
  const label = `Findings over ${points.length} saved scans from ${first} to ${last}: ${points.map(total).join(', ')}`;
  return `<h3>Trend</h3><svg role="img" aria-label="${h(label)}" viewBox="0 0 ${width} ${height}" width="100%" style="max-width:${width}px">
<line x1="40" y1="${height - 25}" x2="${width - 20}" y2="${height - 25}" stroke="#98a2b3"/>\
<text x="0" y="${y(max) + 4}">${max}</text><text x="0" y="${height - 21}">0</text>
<text x="40" y="${height - 5}">${h(first)}</text><text x="${width - 100}" y="${height - 5}">${h(last)}</text>${lines}</svg>`;
}

function checkParagraph(rule: ReportRule): string {
  const inCluster = rule.verifyInCluster === undefined ? '' : `<br><strong>In a cluster:</strong> <code>${h(rule.verifyInCluster)}</code>`;
  return `<p><strong>Check by hand:</strong> <code>${h(rule.verify)}</code>${inCluster}</p>`;
}

function fixParagraph(rule: ReportRule): string {
  return `<p>${labelledFixes(rule)
    .map(({ label, text }) => `<strong>${h(label)}:</strong> <code>${h(text)}</code>`)
    .join('<br>')}</p>`;
}

function ruleDoc(rule: ReportRule): string {
  return (
    `<div class="rule-doc" id="doc-${h(rule.id)}"><h3>${badge(rule.severity)} ${h(rule.id)}: ${h(rule.title)}</h3>` +
    `<p>${h(rule.rationale)}</p>${fixParagraph(rule)}` +
    `${checkParagraph(rule)}</div>`
  );
}

function ruleTemplate(rule: ReportRule): string {
  return `<template id="rule-${h(rule.id)}"><p>${h(rule.rationale)}</p><p><strong>Fix:</strong> ${h(rule.remediation)}</p>
${fixParagraph(rule)}
${checkParagraph(rule)}</template>`;
}

function findingItem(finding: Finding, fix: string | undefined, extra = ''): string {
  const where = whereOf(finding.location, finding.path);
  const data = `data-severity="${finding.severity}" data-rule="${h(finding.ruleId)}" data-target="${h(finding.target)}"`;
  return `<details class="finding${finding.waiver ? ' waived' : ''}" ${data}>
<summary>${badge(finding.severity)} <strong>${h(finding.ruleId)}</strong> ${h(finding.message)}${extra}</summary>
<div class="body"><p class="meta">${h(finding.target)} · ${h(where)}${
    finding.evidence
      ? ` · ${h(
          Object.entries(finding.evidence)
            .filter(([key]) => key !== 'fingerprint')
            .map(([key, value]) => `${key}: ${value}`)
            .join(', '),
        )}`
      : ''
  }</p>${fix ? `<p><strong>Fix:</strong> <code>${h(fix)}</code></p>` : ''}</div></details>`;
}

/** Rules by how many targets they hit, then by worst severity. */
function matrix(report: Report, active: readonly Finding[]): string {
  const containers = report.targets.filter((target) => target.kind !== 'engine');
  const hits = new Map<string, Map<string, Severity>>();
  for (const finding of active) {
    const row = hits.get(finding.targetId) ?? new Map<string, Severity>();
    const current = row.get(finding.ruleId);
    if (!current || severityRank(finding.severity) > severityRank(current)) row.set(finding.ruleId, finding.severity);
    hits.set(finding.targetId, row);
  }
  const ruleCount = new Map<string, number>();
  for (const row of hits.values()) for (const rule of row.keys()) ruleCount.set(rule, (ruleCount.get(rule) ?? 0) + 1);
  const rules = [...ruleCount.keys()].sort((a, b) => (ruleCount.get(b) ?? 0) - (ruleCount.get(a) ?? 0) || (a < b ? -1 : 1));
  if (rules.length === 0) return '<p>No container has a finding.</p>';
  const head = `<tr><th scope="col">container</th>${rules.map((rule) => `<th scope="col">${h(rule)}</th>`).join('')}</tr>`;
  const body = containers
    .map((target) => {
      const row = hits.get(target.id);
      const cells = rules.map((rule) => {
        const severity = row?.get(rule);
        return severity
          ? `<td class="hit s-${severity}" title="${h(`${target.name}: ${rule} (${severity})`)}">${severity[0]?.toUpperCase() ?? ''}</td>`
          : '<td></td>';
      });
      return `<tr data-target="${h(target.name)}"><th scope="row">${h(target.name)}</th>${cells.join('')}</tr>`;
    })
    .join('\n');
  const caption = 'Containers (rows, worst first) by the rules they fail (columns, most common first); letters give the severity.';
  return (
    '<div class="matrix" role="region" aria-label="Containers by rules, worst container first" tabindex="0">' +
    `<table><caption class="meta">${caption}</caption><thead>${head}</thead><tbody>${body}</tbody></table></div>`
  );
}

const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

const options = (values: readonly string[]) => values.map((value) => `<option value="${h(value)}">${h(value)}</option>`).join('');

/** One self-contained page: no request leaves it, every value is escaped. */
export function renderHtml(report: Report, context: HtmlContext): string {
  const active = report.findings.filter((finding) => !finding.waiver);
  const waived = waivedFindings(report);
  const engineTargets = new Set(report.targets.filter((target) => target.kind === 'engine').map((target) => target.id));
  const fleet = report.engine.source === 'engines';
  // One engine's own findings have a section of their own; a fleet's go under each engine's heading, before its containers.
  const inHostSection = (finding: Finding) => !fleet && engineTargets.has(finding.targetId);
  const hostFindings = active.filter(inHostSection);
  // By id: two Compose files may both have a service called web. In the report's order, which puts each engine's own
  // findings before its containers'.
  const byTarget = new Map<string, Finding[]>();
  for (const finding of active)
    if (!inHostSection(finding)) byTarget.set(finding.targetId, [...(byTarget.get(finding.targetId) ?? []), finding]);
  const source = reportSourceNames(report.engine).join(', ');
  const rulesFired = [...new Set(active.map((finding) => finding.ruleId))].sort();
  const meta = [
    source,
    `profile ${report.profile}`,
    `${auditedTargets(report)} audited`,
    context.generatedAt,
    `dockward ${report.tool.version}`,
  ].join(' · ');
  const counts =
    SEVERITIES.map((severity) => `<li><span class="n">${report.summary[severity]}</span>${badge(severity)}</li>`).join('') +
    `<li><span class="n">${waived.length}</span>waived</li>`;
  const parts = [
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">`,
    // Nothing may load from elsewhere: the report is opened from mail and file shares.
    `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`,
    `<title>dockward report: ${h(source)}</title><style>${STYLE}</style></head><body>`,
    `<header><h1>dockward report</h1><p class="meta">${h(meta)}</p></header><main>`,
    `<section aria-labelledby="h-summary"><h2 id="h-summary">Summary</h2><ul class="counts">${counts}</ul>`,
    severityChart(report.summary),
    trendChart(context.history ?? []),
    `</section>`,
    `<section aria-labelledby="h-filter"><h2 id="h-filter">Filter</h2><form class="filters" role="search" onsubmit="return false">`,
    `<label for="f-severity">Severity at least<select id="f-severity"><option value="">any</option>${options(SEVERITIES)}</select></label>`,
    `<label for="f-rule">Rule<select id="f-rule"><option value="">any</option>${options(rulesFired)}</select></label>`,
    `<label for="f-target">Target contains<input id="f-target" type="search" autocomplete="off"></label></form>`,
    `<p id="shown" aria-live="polite">${active.length} of ${active.length} findings shown</p></section>`,
    `<section aria-labelledby="h-matrix"><h2 id="h-matrix">Containers and rules</h2>${matrix(report, active)}</section>`,
  ];
  const fixOf = fixLines(report);
  const items = <F extends Finding>(findings: readonly F[], extra: (finding: F) => string = () => '') =>
    findings.map((finding) => findingItem(finding, fixOf(finding), extra(finding))).join('\n');
  if (hostFindings.length > 0)
    parts.push(`<section aria-labelledby="h-host"><h2 id="h-host">Engine and host</h2>${items(hostFindings)}</section>`);
  parts.push(`<section aria-labelledby="h-findings"><h2 id="h-findings">Findings</h2>`);
  // Several engines: the targets of each under its own heading, in report order.
  const heading = fleet ? 'h4' : 'h3';
  for (const { engine, items: targets } of runsByEngine([...byTarget.values()], (findings) => findings[0]?.engine)) {
    if (fleet && engine !== undefined) parts.push(`<h3 class="engine">engine ${h(engine)}</h3>`);
    for (const findings of targets) {
      const [first] = findings;
      const title = first && engineTargets.has(first.targetId) ? 'Engine and host' : (first?.target ?? '');
      parts.push(`<section class="target"><${heading}>${h(title)}</${heading}>${items(findings)}</section>`);
    }
  }
  if (byTarget.size === 0) parts.push('<p>No findings.</p>');
  parts.push('</section>');
  if (report.problems) {
    parts.push(
      '<section aria-labelledby="h-not-audited"><h2 id="h-not-audited">Not audited</h2>' +
        `<ul>${report.problems.map((problem) => `<li>${h(problem.message)}</li>`).join('')}</ul></section>`,
    );
  }
  if (waived.length > 0) {
    parts.push(
      `<section aria-labelledby="h-waived"><h2 id="h-waived">Waived (${waived.length}, not counted)</h2>` +
        `${items(waived, (finding) => ` <em>(${h(describeWaiver(finding.waiver))})</em>`)}</section>`,
    );
  }
  if (report.policy.problems.length > 0) {
    parts.push(
      '<section aria-labelledby="h-problems"><h2 id="h-problems">Waiver problems</h2>' +
        `<ul>${report.policy.problems.map((problem) => `<li>${h(describeProblem(problem))}</li>`).join('')}</ul></section>`,
    );
  }
  parts.push(`<section aria-labelledby="h-rules"><h2 id="h-rules">Rules</h2>${report.rules.map(ruleDoc).join('\n')}</section>`);
  parts.push(report.rules.map(ruleTemplate).join(''), `</main><script>${SCRIPT}</script></body></html>\n`);
  return parts.join('\n');
}
