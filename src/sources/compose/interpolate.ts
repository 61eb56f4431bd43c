/**
 * Compose variable interpolation (compose-spec, "Interpolation"): $VAR,
 * ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error},
 * ${VAR:+replacement}, ${VAR+replacement}, and $$ for a literal $.
 * A variable that stays unset makes the result unknown: callers never
 * guess a finding from it.
 */
export interface Interpolated {
  value: string;
  unknown: boolean;
  /** A `${` with no closing brace, or no variable name in it: Compose refuses the file ("invalid interpolation format"). */
  malformed?: true;
}

export function interpolate(text: string, variables: ReadonlyMap<string, string>): Interpolated {
  let unknown = false;
  let value = '';
  let index = 0;
  while (index < text.length) {
    const char = text.charAt(index);
    if (char !== '$') {
      value += char;
      index++;
      continue;
    }
    const next = text[index + 1];
    if (next === '$') {
      value += '$';
      index += 2;
      continue;
    }
    if (next === '{') {
      const close = findClose(text, index + 2);
      if (close === -1) return { value: value + text.slice(index), unknown: true, malformed: true };
      const resolved = resolveBraced(text.slice(index + 2, close), variables);
      if (resolved.malformed) return { value: value + text.slice(index), unknown: true, malformed: true };
      unknown ||= resolved.unknown;
      value += resolved.value;
      index = close + 1;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(index + 1))?.[0];
    if (name === undefined) {
      value += '$';
      index++;
      continue;
    }
    const found = variables.get(name);
    if (found === undefined) unknown = true;
    value += found ?? '';
    index += 1 + name.length;
  }
  return { value, unknown };
}

function findClose(text: string, from: number): number {
  let depth = 1;
  for (let index = from; index < text.length; index++) {
    if (text[index] === '{') depth++;
    if (text[index] === '}' && --depth === 0) return index;
  }
  return -1;
}

function resolveBraced(expression: string, variables: ReadonlyMap<string, string>): Interpolated {
  const match = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])(.*))?$/s.exec(expression);
  if (!match) return { value: '', unknown: true, malformed: true };
  const [, name = '', operator, argument = ''] = match;
  const current = variables.get(name);
  const emptyCounts = operator?.startsWith(':') ?? false;
  const isSet = current !== undefined && !(emptyCounts && current === '');
  switch (operator?.replace(':', '')) {
    case '-':
      return isSet ? { value: current, unknown: false } : interpolate(argument, variables);
    case '+':
      return isSet ? interpolate(argument, variables) : { value: '', unknown: false };
    case '?':
      // Compose refuses to start without it; what it would be is unknown.
      return isSet ? { value: current, unknown: false } : { value: '', unknown: true };
    default:
      return current === undefined ? { value: '', unknown: true } : { value: current, unknown: false };
  }
}

/**
 * The variable a text is made of when it is nothing but one reference
 * (`$NAME`, `${NAME}`, `${NAME:-default}`, `${NAME?error}`), whose value, when
 * set, is the whole result.
 */
export function wholeReference(text: string): string | undefined {
  return /^\$(?:([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-?][^}]*)?\})$/.exec(text.trim())?.slice(1).find(Boolean);
}

/**
 * Reads a .env or env_file: KEY=VALUE lines, # comments, optional `export`,
 * single or double quotes. Returns each variable with its line.
 */
export function parseEnvFile(text: string): { name: string; value: string; line: number }[] {
  const result: { name: string; value: string; line: number }[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!match) return;
    const [, name = '', rest = ''] = match;
    let value = rest;
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.lastIndexOf(quote) > 0) value = value.slice(1, value.lastIndexOf(quote));
    else value = value.replace(/\s+#.*$/, '');
    result.push({ name, value, line: index + 1 });
  });
  return result;
}
