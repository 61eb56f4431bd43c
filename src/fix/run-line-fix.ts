import type { ShellWord } from '../shell/shell-words.js';
import { parsePublish } from '../sources/docker-grammar/index.js';
import { parseRunArguments, type RunCommand } from '../sources/run-line/run-line-to-target.js';
import { bindShortPort, type SkippedChange } from './compose-fix.js';
import { runFlag, type TableField } from '../model/field-table.js';
import type { FixPlan } from './fix-plan.js';
import { secretFileOf } from './secret-files.js';

/** Quotes a word for a POSIX shell only when it needs it. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

type ParsedFlag = ReturnType<typeof parseRunArguments>['flags'][number];
type FlagEffect = ParsedFlag['effect'];

/** The spec field of the flags whose effect parses a value syntax rather than naming a field. */
const FIELD_OF_EFFECT: Partial<Record<FlagEffect['kind'], TableField>> = {
  publish: 'portBindings',
  env: 'env',
  memory: 'memory',
  restart: 'restartPolicy',
};

function fieldOf(effect: FlagEffect): TableField | undefined {
  return 'field' in effect && effect.field !== 'name' ? effect.field : FIELD_OF_EFFECT[effect.kind];
}

/** What one command's rewrite collects: words replaced (undefined: removed), flags added before the image, changes skipped. */
class RunLineEdit {
  readonly replaced = new Map<ShellWord, string | undefined>();
  readonly skipped: SkippedChange[] = [];
  /** Secrets whose variable could not be taken out get no file variable beside it: images refuse both. */
  readonly secretsLeft = new Set<string>();

  constructor(
    private readonly plan: FixPlan,
    private readonly service: string,
  ) {}

  skip(rule: string, message: string): void {
    this.skipped.push({ service: this.service, rule, message });
  }

  /** Removes a flag and its value; false when it is grouped with others and left, as said on stderr. */
  remove(flag: ParsedFlag, rule: string): boolean {
    // The flag letters without an attached value (-itp, -ieNAME=…): the value is not shown, it may be a secret.
    const text = flag.flag.text;
    const letters =
      flag.valueWord === flag.flag && flag.value !== undefined ? text.slice(0, text.length - flag.value.length).replace(/=$/, '') : text;
    if (!text.startsWith('--') && letters.length > 2) {
      this.skip(rule, `${letters} groups several flags: change it by hand`);
      return false;
    }
    this.replaced.set(flag.flag, undefined);
    if (flag.valueWord) this.replaced.set(flag.valueWord, undefined);
    return true;
  }

  /** The value word rewritten to `value`, keeping what the word carries before the value (`--env=`, `-p`). */
  rewrite(valueWord: ShellWord, value: string, replacement: string): void {
    this.replaced.set(valueWord, shellQuote(valueWord.text.slice(0, valueWord.text.length - value.length) + replacement));
  }

  /** Applies the plan to one flag the command has, by the spec field it sets. */
  flag(flag: ParsedFlag): void {
    const { value, valueWord } = flag;
    const field = fieldOf(flag.effect);
    const { plan } = this;
    if (value === undefined || flag.unknown || field === undefined) return;
    const rule = plan.rules[field] ?? '*';
    if (field === 'portBindings' && plan.bindPorts !== undefined && valueWord) {
      const binding = parsePublish(value);
      if (!binding || (binding.hostIp !== '' && !['0.0.0.0', '::'].includes(binding.hostIp))) return;
      const bound = bindShortPort(value, plan.bindPorts);
      if (bound === undefined) this.skip(rule, `cannot tell the address of -p ${value}: bind it by hand`);
      else this.rewrite(valueWord, value, bound);
    }
    const blamed = field === 'securityOpt' ? plan.removeSecurityOpts.find(({ option }) => option === value) : undefined;
    if (blamed) this.remove(flag, blamed.rule);
    if ((field === 'capAdd' || field === 'capDrop') && plan.capabilities) this.remove(flag, plan.rules.capDrop ?? rule);
    if (plan.values.some((set) => set.field === field)) this.remove(flag, rule);
    if (field === 'env' && valueWord) this.environment(flag, value, valueWord);
  }

  private environment(flag: ParsedFlag, value: string, valueWord: ShellWord): void {
    const variable = value.split('=')[0] ?? '';
    if (this.plan.secrets.some((candidate) => candidate.variable === variable)) {
      if (!this.remove(flag, this.plan.rules.env ?? '*')) this.secretsLeft.add(variable);
    }
    // `-e NAME` takes the value from the caller's environment: the literal leaves the command line and the shell history.
    else if (this.plan.passThrough.includes(variable) && value.includes('=')) this.rewrite(valueWord, value, variable);
  }

  /** The flags the plan adds, in the order a reader expects them before the image. */
  added(): string[] {
    const { plan } = this;
    const added = plan.addSecurityOpts.flatMap(({ option }) => [runFlag('securityOpt'), option]);
    if (plan.capabilities) added.push(`${runFlag('capDrop')}=ALL`, ...plan.capabilities.add.map((cap) => `${runFlag('capAdd')}=${cap}`));
    if (plan.replaceLinks) {
      this.skip(
        plan.rules.links ?? '*',
        'replace --link with a user-defined network: docker network create <net>, then --network <net> on both containers ' +
          'and --network-alias <alias> on the linked one',
      );
    }
    for (const { variable, secret, fileVariable } of plan.secrets) {
      if (this.secretsLeft.has(variable)) continue;
      added.push(
        runFlag('mounts'),
        `type=bind,source=${secretFileOf(secret)},target=/run/secrets/${secret},readonly`,
        '-e',
        `${fileVariable}=/run/secrets/${secret}`,
      );
    }
    for (const { field, value } of plan.values) added.push(runFlag(field), String(value));
    return added;
  }
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
  const { flags, image } = parseRunArguments(command.args, command.engine);
  if (!image)
    return { command: words.map((word) => word.raw).join(' '), skipped: [{ service, rule: '*', message: 'no image in the command' }] };
  const edit = new RunLineEdit(plan, service);
  for (const flag of flags) edit.flag(flag);
  const added = edit.added();
  const out: string[] = [];
  for (const word of words) {
    if (word === image) out.push(...added.map(shellQuote));
    if (!edit.replaced.has(word)) out.push(word.raw);
    else {
      const text = edit.replaced.get(word);
      if (text !== undefined) out.push(text);
    }
  }
  return { command: out.join(' '), skipped: edit.skipped };
}
