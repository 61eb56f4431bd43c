import type { RuleMeta } from '../rules/define-rule.js';

/**
 * Not a rule about containers: the finding lint reports for an inline
 * suppression that gives no reason (and therefore suppresses nothing).
 */
export const SUPPRESSION_WITHOUT_REASON: RuleMeta<'noReason'> = {
  id: 'suppression-without-reason',
  severity: 'low',
  title: 'Inline suppression without a reason',
  rationale:
    'A suppression accepts a risk. Without a reason nobody can later tell whether it still holds, so dockward ignores it until one ' +
    'is given.',
  attack:
    'A finding silenced "temporarily" with no explanation outlives the reason it was silenced, and the risky setting ships to ' +
    'production unreviewed.',
  remediation: 'Add the reason after two dashes, or remove the comment and fix the finding.',
  fix: {
    run: '# dockward-ignore <rule> -- <why this is acceptable here>',
    compose: '# dockward-ignore <rule> -- <why this is acceptable here>',
    kubernetes: '# dockward-ignore <rule> -- <why this is acceptable here>',
    quadlet: '# dockward-ignore <rule> -- <why this is acceptable here>',
  },
  verify: 'grep -rn "dockward-ignore" .',
  references: ['https://github.com/hadolint/hadolint#inline-ignores'],
  profiles: ['recommended', 'cis', 'baseline', 'restricted'],
  messages: { noReason: 'suppression of {{rules}} has no reason (add "-- <reason>"), so it is not applied' },
};
