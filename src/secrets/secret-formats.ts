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

/** The base64url alphabet that OpenAI keys and JWT segments are written in. */
const TOKEN_RUN = /[A-Za-z0-9_-]+/g;

/** Maximal runs of the token alphabet, found in one linear pass. */
function tokenRuns(value: string): { text: string; start: number; end: number }[] {
  return Array.from(value.matchAll(TOKEN_RUN), (match) => ({ text: match[0], start: match.index, end: match.index + match[0].length }));
}

/**
 * Where a token may begin inside a run: at its start, or after a `-` (a word
 * boundary, where `\b` would let a regular expression begin).
 */
function tokenStarts(run: string, prefix: string): number[] {
  const starts: number[] = [];
  for (let at = run.indexOf(prefix); at !== -1; at = run.indexOf(prefix, at + 1)) {
    if (at === 0 || run[at - 1] === '-') starts.push(at);
  }
  return starts;
}

/**
 * An OpenAI key: `sk-`, then at least 20 token characters, the marker
 * `T3BlbkFJ`, and at least 20 more. A regular expression for this backtracks
 * quadratically on `sk-sk-sk-…`; here each run is scanned a fixed number of
 * times, with the marker's places found once.
 */
function isOpenAiKey(value: string): boolean {
  const marker = 'T3BlbkFJ';
  return tokenRuns(value).some(({ text }) => {
    const markers: number[] = [];
    for (let at = text.indexOf(marker); at !== -1; at = text.indexOf(marker, at + 1)) markers.push(at);
    let next = 0;
    return tokenStarts(text, 'sk-').some((start) => {
      while (next < markers.length && (markers[next] ?? 0) < start + 3 + 20) next++;
      const at = markers[next];
      return at !== undefined && text.length - (at + marker.length) >= 20;
    });
  });
}

/**
 * A JWT: three dot-separated runs, the first two base64url JSON objects
 * (`eyJ`, at least 11 characters), the signature at least 16. Judged run by
 * run, so `eyJ-eyJ-…` takes linear time.
 */
function isJwt(value: string): boolean {
  const runs = tokenRuns(value);
  return runs.some((header, index) => {
    const payload = runs[index + 1];
    const signature = runs[index + 2];
    if (!payload || !signature || payload.start !== header.end + 1 || signature.start !== payload.end + 1) return false;
    if (value[header.end] !== '.' || value[payload.end] !== '.') return false;
    if (!payload.text.startsWith('eyJ') || payload.text.length < 11 || signature.text.length < 16) return false;
    return tokenStarts(header.text, 'eyJ').some((start) => header.text.length - start >= 11);
  });
}

/**
 * Formats secretlint's recommended preset (12.0) does not report on a bare
 * value, checked here in addition: an AWS access key id alone, PEM private
 * key blocks of any type, Stripe live keys, JWTs, Google and OpenAI API keys.
 * Each follows the issuer's documented prefix and length. Every check runs
 * in time linear in the value (a test holds each to a budget on adversarial
 * 1 MiB values): the authorization plugin judges values a requester wrote.
 */
const ADDITIONAL_FORMATS: readonly { kind: string; matches: (value: string) => boolean }[] = [
  { kind: 'private-key', matches: (value) => /-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----/.test(value) },
  { kind: 'aws', matches: (value) => /\b(AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/.test(value) },
  { kind: 'stripe', matches: (value) => /\b[sr]k_live_[A-Za-z0-9]{20,}\b/.test(value) },
  { kind: 'jwt', matches: isJwt },
  { kind: 'google-api-key', matches: (value) => /\bAIza[0-9A-Za-z_-]{35}\b/.test(value) },
  { kind: 'openai', matches: isOpenAiKey },
  // Tailscale auth, OAuth-client and API keys (tailscale.com/kb/1085/auth-keys).
  { kind: 'tailscale', matches: (value) => /\btskey-(auth|client|api)-[A-Za-z0-9]{6,}-[A-Za-z0-9]{16,}/.test(value) },
  // Incoming webhooks whose URL is the credential (Discord's /api/webhooks/<id>/<token>, Microsoft Teams' webhookb2).
  { kind: 'webhook', matches: (value) => /\bdiscord(app)?\.com\/api\/webhooks\/\d+\/[\w-]{20,}/.test(value) },
  { kind: 'webhook', matches: (value) => /\.webhook\.office\.com\/webhookb2\/[\w-]{8,}/.test(value) },
  // A framework's application key: Laravel's `php artisan key:generate` writes base64: and 32 random bytes.
  { kind: 'application-key', matches: (value) => /^base64:[A-Za-z0-9+/]{43}=$/.test(value) },
  // Password hashes (htpasswd's bcrypt and apr1, crypt's SHA-512, argon2): a guessable password, offline.
  {
    kind: 'password-hash',
    matches: (value) => /(^|[:\s,])\$(2[aby]|apr1|argon2(id|i|d)|6)\$[^\s$]{1,40}\$[./A-Za-z0-9+=$,-]{20,}/.test(value),
  },
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
 * Entries and characters per secretlint pass. A pass over this much takes a
 * few tens of milliseconds, so a caller's time budget is looked at that
 * often; a large value has a pass of its own.
 */
const BATCH_SIZE = 1000;
const BATCH_CHARACTERS = 64 * 1024;

/** Consecutive batches of at most BATCH_SIZE entries and, but for a single larger value, BATCH_CHARACTERS. */
function* batches(candidates: readonly SecretCandidate[]): Generator<SecretCandidate[]> {
  let batch: SecretCandidate[] = [];
  let characters = 0;
  for (const candidate of candidates) {
    if (batch.length > 0 && (batch.length === BATCH_SIZE || characters + candidate.value.length > BATCH_CHARACTERS)) {
      yield batch;
      batch = [];
      characters = 0;
    }
    batch.push(candidate);
    characters += candidate.value.length;
  }
  if (batch.length > 0) yield batch;
}

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
    const match = ADDITIONAL_FORMATS.find(({ matches }) => matches(candidate.value));
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
  let first = true;
  for (const batch of batches(unique)) {
    if (!first) {
      await new Promise((resolve) => setImmediate(resolve));
      if (stop()) break;
    }
    first = false;
    await checkBatch(batch, found);
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
