import type { ShellWord } from '../shell/shell-words.js';
import { parsePublish } from '../sources/run-line/run-flags.js';
import { parseRunArguments, type RunCommand } from '../sources/run-line/run-line-to-target.js';
import { bindShortPort, type SkippedChange } from './compose-fix.js';
import type { FixPlan } from './fix-plan.js';

/** Quotes a word for a POSIX shell only when it needs it. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * Applies a plan to one `docker run` command. Words the fix does not touch
 * are kept as written (quotes and expansions included); new flags go just
 * before the image. Returns the hardened command as one line.
 */
export function fixRunCommand(
  words: readonly ShellWord[],
  command: RunCommand,
  plan: FixPlan,
  service: string,
): { command: string; skipped: SkippedChange[] } {
  const skipped: SkippedChange[] = [];
  const skip = (rule: string, message: string) => skipped.push({ service, rule, message });
  const replaced = new Map<ShellWord, string | undefined>();
  const { flags, image } = parseRunArguments(command.args);
  if (!image)
    return { command: words.map((word) => word.raw).join(' '), skipped: [{ service, rule: '*', message: 'no image in the command' }] };

  /** Removes a flag and its value; false when it is grouped with others and left, as said on stderr. */
  const remove = (flag: (typeof flags)[number], rule: string): boolean => {
    // The flag letters without an attached value (-itp, -ieNAME=…): the value is not shown, it may be a secret.
    const text = flag.flag.text;
    const letters =
      flag.valueWord === flag.flag && flag.value !== undefined ? text.slice(0, text.length - flag.value.length).replace(/=$/, '') : text;
    if (!text.startsWith('--') && letters.length > 2) {
      skip(rule, `${letters} groups several flags: change it by hand`);
      return false;
    }
    replaced.set(flag.flag, undefined);
    if (flag.valueWord) replaced.set(flag.valueWord, undefined);
    return true;
  };
  const added: string[] = [];
  // A secret whose variable could not be taken out gets no file variable beside it: images refuse both.
  const secretsLeft = new Set<string>();

  for (const flag of flags) {
    const { effect, value, valueWord } = flag;
    if (value === undefined || flag.unknown) continue;
    if (effect.kind === 'publish' && plan.bindPorts !== undefined && valueWord) {
      const binding = parsePublish(value);
      if (!binding || (binding.hostIp !== '' && !['0.0.0.0', '::'].includes(binding.hostIp))) continue;
      const bound = bindShortPort(value, plan.bindPorts);
      if (bound === undefined) skip('port-all-interfaces', `cannot tell the address of -p ${value}: bind it by hand`);
      else replaced.set(valueWord, shellQuote(valueWord.text.slice(0, valueWord.text.length - value.length) + bound));
    }
    const blamed =
      effect.kind === 'push' && effect.field === 'securityOpt' ? plan.removeSecurityOpts.find(({ option }) => option === value) : undefined;
    if (blamed) remove(flag, blamed.rule);
    if (effect.kind === 'push' && (effect.field === 'capAdd' || effect.field === 'capDrop') && plan.capabilities)
      remove(flag, 'capabilities-not-dropped');
    if (effect.kind === 'restart' && plan.limits.restart !== undefined) remove(flag, 'restart-policy');
    if (effect.kind === 'env' && valueWord) {
      const variable = value.split('=')[0] ?? '';
      if (plan.secrets.some((candidate) => candidate.variable === variable)) {
        if (!remove(flag, 'env-secret')) secretsLeft.add(variable);
      }
      // `-e NAME` takes the value from the caller's environment: the literal leaves the command line and the shell history.
      else if (plan.passThrough.includes(variable) && value.includes('='))
        replaced.set(valueWord, shellQuote(valueWord.text.slice(0, valueWord.text.length - value.length) + variable));
    }
  }
  if (plan.noNewPrivileges) added.push('--security-opt', 'no-new-privileges=true');
  if (plan.capabilities) added.push('--cap-drop=ALL', ...plan.capabilities.add.map((cap) => `--cap-add=${cap}`));
  if (plan.replaceLinks) {
    skip(
      'legacy-link',
      'replace --link with a user-defined network: docker network create <net>, then --network <net> on both containers and --network-alias <alias> on the linked one',
    );
  }
  for (const { variable, secret, fileVariable } of plan.secrets) {
    if (secretsLeft.has(variable)) continue;
    added.push(
      '--mount',
      `type=bind,source=./secrets/${secret}.txt,target=/run/secrets/${secret},readonly`,
      '-e',
      `${fileVariable}=/run/secrets/${secret}`,
    );
  }
  if (plan.limits.memory !== undefined) added.push('--memory', plan.limits.memory);
  if (plan.limits.pids !== undefined) added.push('--pids-limit', String(plan.limits.pids));
  if (plan.limits.restart !== undefined) added.push('--restart', plan.limits.restart);

  const out: string[] = [];
  for (const word of words) {
    if (word === image) out.push(...added.map(shellQuote));
    if (!replaced.has(word)) out.push(word.raw);
    else {
      const text = replaced.get(word);
      if (text !== undefined) out.push(text);
    }
  }
  return { command: out.join(' '), skipped };
}
