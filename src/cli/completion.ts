import type { Command } from 'commander';

/** What a completion script needs of a command: its name, its options and the values some of them take. */
interface CommandShape {
  name: string;
  options: { flag: string; short?: string; choices?: readonly string[]; takesValue: boolean }[];
  /** What the command's argument can be, where it is one of a list (explain: the rule ids). */
  argumentValues?: readonly string[];
  subcommands: CommandShape[];
}

/** Values of command arguments by command name, for arguments commander does not restrict itself. */
export type ArgumentValues = Readonly<Record<string, readonly string[]>>;

function shapeOf(command: Command, argumentValues: ArgumentValues): CommandShape {
  const values = argumentValues[command.name()];
  return {
    name: command.name(),
    options: command.options.flatMap((option) => {
      const flag = option.long ?? option.short;
      if (!flag) return [];
      return [
        {
          flag,
          ...(option.long && option.short && { short: option.short }),
          takesValue: option.required || option.optional,
          ...(option.argChoices && { choices: option.argChoices }),
        },
      ];
    }),
    ...(values && { argumentValues: values }),
    subcommands: command.commands.map((sub) => shapeOf(sub, argumentValues)),
  };
}

const words = (list: readonly string[]) => list.join(' ');

/** Every command path with its options: `scan`, `authz serve`, … */
function flatten(shape: CommandShape, prefix: string[] = []): { path: string[]; shape: CommandShape }[] {
  return shape.subcommands.flatMap((sub) => [{ path: [...prefix, sub.name], shape: sub }, ...flatten(sub, [...prefix, sub.name])]);
}

function bash(root: CommandShape): string {
  const commands = flatten(root);
  const steps = commands.map(({ path }) => `"${path.slice(0, -1).join(' ')}|${path.at(-1) ?? ''}"`).join('|');
  const cases = [{ path: [] as string[], shape: root }, ...commands]
    .map(({ path, shape }) => {
      const choices = shape.options
        .filter((option) => option.choices)
        .map(
          (option) =>
            `${[option.flag, option.short].filter(Boolean).join('|')}) COMPREPLY=($(compgen -W "${words(option.choices ?? [])}" -- "$cur")); return;;`,
        );
      const prev = choices.length > 0 ? `\n      case "$prev" in ${choices.join(' ')} esac` : '';
      const opts = `${words(shape.options.map((option) => option.flag))} --help`;
      return `    "${path.join(' ')}") opts="${opts}" subs="${words(shape.subcommands.map((sub) => sub.name))}" args="${words(shape.argumentValues ?? [])}"${prev};;`;
    })
    .join('\n');
  return `# dockward completion for bash: source it, or save it as /etc/bash_completion.d/dockward
_dockward() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" path="" opts="" subs="" args="" word
  # The command path so far: the words before the cursor that name a command (scan, authz serve, …).
  for word in "\${COMP_WORDS[@]:1:COMP_CWORD-1}"; do
    case "$path|$word" in ${steps}) path="\${path:+$path }$word";; esac
  done
  case "$path" in
${cases}
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  elif [ -n "$subs" ]; then
    COMPREPLY=($(compgen -W "$subs" -- "$cur"))
  elif [ -n "$args" ]; then
    COMPREPLY=($(compgen -W "$args" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -o filenames -F _dockward dockward
`;
}

function fish(root: CommandShape): string {
  const lines = ['# dockward completion for fish: save it as ~/.config/fish/completions/dockward.fish', 'complete -c dockward -f'];
  lines.push(`complete -c dockward -n '__fish_use_subcommand' -a '${words(root.subcommands.map((sub) => sub.name))}'`);
  for (const { path, shape } of flatten(root)) {
    const condition = `__fish_seen_subcommand_from ${path.at(-1) ?? ''}`;
    if (shape.subcommands.length > 0)
      lines.push(`complete -c dockward -n '${condition}' -a '${words(shape.subcommands.map((sub) => sub.name))}'`);
    for (const option of shape.options) {
      const name = option.flag.startsWith('--') ? `-l ${option.flag.slice(2)}` : `-s ${option.flag.slice(1)}`;
      const short = option.short ? ` -s ${option.short.slice(1)}` : '';
      const values = option.choices ? ` -xa '${words(option.choices)}'` : option.takesValue ? ' -r -F' : '';
      lines.push(`complete -c dockward -n '${condition}' ${name}${short}${values}`);
    }
    if (shape.argumentValues) lines.push(`complete -c dockward -n '${condition}' -xa '${words(shape.argumentValues)}'`);
  }
  return `${lines.join('\n')}\n`;
}

/** `dockward completion bash|zsh|fish`: generated from the CLI's own commands and options, so it cannot drift from them. */
export function renderCompletion(shell: string, program: Command, argumentValues: ArgumentValues = {}): string | undefined {
  const root = shapeOf(program, argumentValues);
  if (shell === 'bash') return bash(root);
  // zsh runs bash completion functions through bashcompinit.
  if (shell === 'zsh') return `#compdef dockward\nautoload -U +X bashcompinit && bashcompinit\n${bash(root)}`;
  if (shell === 'fish') return fish(root);
  return undefined;
}
