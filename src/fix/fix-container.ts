import { Document } from 'yaml';
import type { Policy } from '../model/policy.js';
import { RULES } from '../rules/index.js';
import { ENGINE_SOURCE } from '../sources/engine/engine-source.js';
import { inspectToTarget } from '../sources/inspect/inspect-to-target.js';
import { fixComposeText } from './compose-fix.js';
import { auditForFix } from './fix-compose-file.js';
import { planFixes } from './fix-plan.js';
import { fixRunLine, type FixFlowOptions, type FixOutput } from './fix-run-line.js';
import { composeService, recreateContainer } from './recreate.js';
import { maskSecrets } from './mask-secrets.js';
import { shellQuote } from './run-line-fix.js';

/** As a Compose service: the recreated service, then the Compose writer applies the plan to it. */
async function asComposeService(raw: unknown, endpoint: string, policy: Policy, options: FixFlowOptions): Promise<FixOutput> {
  const container = recreateContainer(raw);
  const text = new Document({ services: { [container.name]: composeService(container) } }).toString({ lineWidth: 0 });
  const target = inspectToTarget(raw, { kind: ENGINE_SOURCE, endpoint });
  const { findingsOf, secretFormats } = await auditForFix([target], policy, options);
  const plan = planFixes({ name: container.name, spec: target.spec }, findingsOf(target), RULES, { ...options, form: 'compose' });
  const { text: fixed, skipped } = fixComposeText(text, new Map([[container.name, plan]]));
  const gaps = container.composeGaps.map((message) => ({ service: container.name, rule: 'recreate', message }));
  return {
    ...(await maskSecrets(fixed, [target], secretFormats)),
    subjects: [{ subject: container.name, plan, skipped: [...skipped, ...gaps] }],
  };
}

/**
 * What recreates a live container hardened, from its `docker inspect`: the
 * docker run command (fixed as a --run line is) or a Compose service.
 */
export async function fixContainer(
  raw: unknown,
  endpoint: string,
  policy: Policy,
  options: FixFlowOptions & { format: 'run' | 'compose' },
): Promise<FixOutput> {
  if (options.format === 'compose') return asComposeService(raw, endpoint, policy, options);
  const container = recreateContainer(raw);
  const words = [
    'docker',
    'run',
    ...container.flags.flatMap(({ flag, value }) => (value === undefined ? [flag] : [`${flag}=${value}`])),
    container.image,
    ...container.runArguments,
  ];
  return fixRunLine(words.map(shellQuote).join(' '), policy, options, container.name);
}
