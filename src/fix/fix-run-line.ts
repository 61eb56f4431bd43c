import { secretOwner } from '../model/secret-files.js';
import { UsageError } from '../errors.js';
import type { Policy } from '../model/policy.js';
import type { ContainerTarget } from '../model/target.js';
import { RULES } from '../rules/index.js';
import { shellCommands, sourceTextOf, type ShellCommand } from '../shell/shell-words.js';
import { findRunCommands, runCommandToTarget } from '../sources/run-line/run-line-to-target.js';
import type { SkippedChange } from './compose-fix.js';
import { auditForFix, type AuditForFixOptions } from './fix-compose-file.js';
import { planFixes, type FixOptions, type FixPlan } from './fix-plan.js';
import { maskSecrets } from './mask-secrets.js';
import { fixRunCommand } from './run-line-fix.js';

/** What fix did for one command, service or container, for the surface to explain. */
export interface FixedSubject {
  subject: string;
  plan: FixPlan;
  skipped: SkippedChange[];
}

/** What a fix flow prints: the hardened text with secret values masked, and what it changed and left for each subject. */
export interface FixOutput {
  text: string;
  subjects: FixedSubject[];
  /** Whether a secret value was masked in `text`. */
  masked: boolean;
}

export type FixFlowOptions = Omit<FixOptions, 'form'> & AuditForFixOptions;

/**
 * Hardens every `docker run` or `podman run` (or create) command of a line: each is
 * read into a target, audited as lint would, planned from its findings'
 * remedies and rewritten, one command a line.
 */
export async function fixRunLine(line: string, policy: Policy, options: FixFlowOptions, subject = '--run'): Promise<FixOutput> {
  const commands = shellCommands(sourceTextOf(line)).flatMap((words: ShellCommand) =>
    findRunCommands([words]).map((command) => ({ words, command })),
  );
  if (commands.length === 0) throw new UsageError('--run needs a docker run or podman run (or create) command');
  const unclosed = commands.flatMap(({ words }) => words).find((word) => word.unclosed);
  // The shell would refuse the command: a fixed copy of it would be as broken.
  if (unclosed)
    throw new UsageError(
      `${subject}:${unclosed.position.line}:${unclosed.position.column}: a quote, backtick or $( opened in this word is never closed`,
    );
  const targets = commands.map(({ command }) => runCommandToTarget(command, subject));
  const { findingsOf, secretFormats } = await auditForFix(targets, policy, options);
  const subjects: FixedSubject[] = [];
  const fixedCommands = commands.map(({ words, command }, index) => {
    const target = targets[index] as ContainerTarget;
    const plan = planFixes({ name: secretOwner('run', target.name, target.spec.name), spec: target.spec }, findingsOf(target), RULES, {
      ...options,
      form: 'run',
    });
    const { command: fixed, skipped } = fixRunCommand(words, command, plan, target.name);
    subjects.push({ subject, plan, skipped });
    return fixed;
  });
  return { ...(await maskSecrets(`${fixedCommands.join('\n')}\n`, targets, secretFormats)), subjects };
}
