import type { SpecPath } from './container-spec.js';

/**
 * A value the user has to choose, where a rule can only say what kind of
 * value fits: the address ports are published on, a memory size. `fix` fills
 * it from an option (--bind-address) or, where the rule's remedy is opt-in
 * (--add-limits), with the suggestion: a starting point a user tunes.
 */
export type Placeholder =
  | { placeholder: 'address' }
  | { placeholder: 'bytes'; suggestion: string }
  | { placeholder: 'count'; suggestion: number }
  | { placeholder: 'restart'; suggestion: string };

export type RemedyValue = string | number | boolean | readonly string[] | Placeholder;

/**
 * What resolves a finding, said on the spec so that every writer (Compose,
 * docker run, a live container) can apply it without knowing the rule.
 *
 * - `remove`: take the value at `path` out (a list item, or the whole field);
 *   `into: 'secret-file'` says the value is a secret that moves into a file the
 *   container reads, rather than being dropped.
 * - `set`: give `path` the value. A list field (`['securityOpt']`) gets the
 *   value added; a list item (`['securityOpt', 2]`) is replaced by it.
 * - `decide`: no change is safe without the user; `alternative` describes what
 *   usually replaces the setting, beside the rule's own fix text.
 */
export type Remedy =
  | { kind: 'remove'; path: SpecPath; into?: 'secret-file' }
  | { kind: 'set'; path: SpecPath; value: RemedyValue }
  | { kind: 'decide'; alternative?: string };

export function isPlaceholder(value: RemedyValue): value is Placeholder {
  return typeof value === 'object' && !Array.isArray(value) && 'placeholder' in value;
}

/** What the user gave for placeholders that have no suggestion. */
export interface PlaceholderFill {
  address?: string;
}

/**
 * The value to write: a placeholder is filled from what the user gave, or
 * with its suggestion; undefined when it has no suggestion and the user gave
 * nothing, so that the change is the user's decision.
 */
export function fillValue(value: RemedyValue, fill: PlaceholderFill): string | number | boolean | readonly string[] | undefined {
  if (!isPlaceholder(value)) return value;
  return value.placeholder === 'address' ? fill.address : value.suggestion;
}

/** The spec field a remedy is about (`securityOpt` for `['securityOpt', 2]`); undefined for a decision. */
export function remedyField(remedy: Remedy): string | undefined {
  if (remedy.kind === 'decide') return undefined;
  const [field] = remedy.path;
  return typeof field === 'string' ? field : undefined;
}

/** The list index a remedy points at (`2` for `['securityOpt', 2]`), if it points into a list. */
export function remedyIndex(remedy: Remedy): number | undefined {
  if (remedy.kind === 'decide') return undefined;
  const index = remedy.path[1];
  return typeof index === 'number' ? index : undefined;
}
