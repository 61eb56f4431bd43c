import { lintSource } from '@secretlint/core';
import { secretLintProfiler } from '@secretlint/profiler';
import { creator as recommendedPreset } from '@secretlint/secretlint-rule-preset-recommend';
import { BoundedMap } from '../cache/bounded-map.js';
import { sha256 } from '../crypto/sha256.js';

/** A value to check, with the name it goes by (variable, label key, flag), which detectors use as context. */
export interface SecretCandidate {
  name: string;
  value: string;
}

export interface FormatMatch {
  /** A readable name of the credential format, e.g. `github`, `aws`, `private-key`. */
  kind: string;
  /** Which detector recognised it. */
  detector: 'secretlint' | 'dockward';
}

/**
 * Formats secretlint's recommended preset (12.0) does not report on a bare
 * value, checked here in addition: an AWS access key id alone, PEM private
 * key blocks of any type, Stripe live keys, JWTs, Google and OpenAI API keys.
 * Each follows the issuer's documented prefix and length.
 */
const ADDITIONAL_FORMATS: readonly { kind: string; pattern: RegExp }[] = [
  { kind: 'private-key', pattern: /-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----/ },
  { kind: 'aws', pattern: /\b(AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/ },
  { kind: 'stripe', pattern: /\b[sr]k_live_[A-Za-z0-9]{20,}\b/ },
  { kind: 'jwt', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}/ },
  { kind: 'google-api-key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { kind: 'openai', pattern: /\bsk-(proj-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,}\b/ },
];

const SECRETLINT_PREFIX = '@secretlint/secretlint-rule-';

/**
 * No credential format dockward or secretlint's preset knows is shorter
 * than this (the shortest, a URL with a password, needs `http://a:b@c`):
 * shorter values are not worth a pass.
 */
const SHORTEST_FORMAT = 8;

/**
 * secretlint 12 profiles every run into an ever-growing list with an O(n)
 * search per mark (secretlint/secretlint#1633, fixed in 13, which needs Node
 * 22): a long-running watch or authorization plugin slowed down request by
 * request. Nothing reads the profile here, so marking is switched off.
 */
secretLintProfiler.mark = () => undefined;

/** Variable names become `NAME=` context; anything else in a name would confuse line-based detectors. */
function contextName(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]/g, '_') || 'VALUE';
}

function key({ name, value }: SecretCandidate): string {
  return `${name}\u0000${value}`;
}

/**
 * What earlier passes of this process found, by a hash of name and value (so
 * the values themselves are not kept): long-running surfaces (watch, the
 * authorization plugin) see the same environment again and again. Bounded;
 * the oldest entries go first.
 */
const remembered = new BoundedMap<string, FormatMatch | null>(10_000);

function digest(candidate: SecretCandidate): string {
  return sha256(key(candidate), 'base64');
}

/**
 * Entries per secretlint pass. A pass over this many takes a few tens of
 * milliseconds, so a caller's time budget is looked at that often.
 */
const BATCH_SIZE = 1000;

/**
 * Runs candidates through secretlint's recommended preset in one pass (one
 * `NAME=value` entry each, so detectors see the name), then through the
 * additional formats, and remembers the outcome of each.
 */
async function checkBatch(batch: readonly SecretCandidate[], found: Map<string, FormatMatch>): Promise<void> {
  const starts: number[] = [];
  let content = '';
  for (const candidate of batch) {
    starts.push(content.length);
    content += `${contextName(candidate.name)}=${candidate.value}\n\n`;
  }
  const result = await lintSource({
    source: { filePath: 'dockward-values', content, contentType: 'text' },
    options: { config: { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: recommendedPreset }] }, maskSecrets: true },
  });
  for (const message of result.messages) {
    const offset = message.range[0];
    let index = starts.length - 1;
    while (index > 0 && (starts[index] ?? 0) > offset) index--;
    const candidate = batch[index];
    if (candidate && !found.has(key(candidate))) {
      found.set(key(candidate), { kind: message.ruleId.replace(SECRETLINT_PREFIX, ''), detector: 'secretlint' });
    }
  }
  for (const candidate of batch) {
    if (found.has(key(candidate))) continue;
    const match = ADDITIONAL_FORMATS.find(({ pattern }) => pattern.test(candidate.value));
    if (match) found.set(key(candidate), { kind: match.kind, detector: 'dockward' });
  }
  for (const candidate of batch) remembered.set(digest(candidate), found.get(key(candidate)) ?? null);
}

/**
 * Checks every candidate not seen before, in batches; returns the matches
 * keyed by name and value. Nothing is logged and secretlint is asked to mask
 * what it reports. Between batches, timers get their turn and `stop` is
 * asked: when it answers true, the rest is left unchecked (and the caller is
 * expected to give up on the result).
 */
export async function findSecretFormats(candidates: readonly SecretCandidate[], stop: () => boolean = () => false): Promise<SecretFormats> {
  const found = new Map<string, FormatMatch>();
  const unique: SecretCandidate[] = [];
  for (const candidate of new Map(candidates.filter((c) => c.value.trim().length >= SHORTEST_FORMAT).map((c) => [key(c), c])).values()) {
    const known = remembered.get(digest(candidate));
    if (known === undefined) unique.push(candidate);
    else if (known !== null) found.set(key(candidate), known);
  }
  for (let first = 0; first < unique.length; first += BATCH_SIZE) {
    if (first > 0) {
      await new Promise((resolve) => setImmediate(resolve));
      if (stop()) break;
    }
    await checkBatch(unique.slice(first, first + BATCH_SIZE), found);
  }
  return new SecretFormats(found);
}

/** The result of one detection pass: what format, if any, a name and value are in. */
export class SecretFormats {
  static readonly none = new SecretFormats(new Map());

  constructor(private readonly matches: ReadonlyMap<string, FormatMatch>) {}

  of(name: string, value: string): FormatMatch | undefined {
    return this.matches.get(key({ name, value }));
  }
}
