import type { Report } from '../evaluation/report.js';

/** "3 containers", "3 containers and 1 service", "5 containers on 2 engines": what a report audited, for its summary line. */
export function auditedTargets(report: Report): string {
  const count = (kind: 'container' | 'service') => report.targets.filter((target) => target.kind === kind).length;
  const phrase = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
  const services = count('service');
  const targets =
    services > 0
      ? `${phrase(count('container'), 'container')} and ${phrase(services, 'service')}`
      : phrase(count('container'), 'container');
  return report.engine.source === 'engines' ? `${targets} on ${phrase(report.engine.engines.length, 'engine')}` : targets;
}
