import { describe, expect, inject, it } from 'vitest';
import { normalizeCapability } from '../../src/model/capabilities.js';
import type { ContainerSpec } from '../../src/model/container-spec.js';
import { interpretRequest } from '../../src/sources/authz-request/authz-request.js';
import { inspectToTarget } from '../../src/sources/inspect/inspect-to-target.js';
import { buildTestImage } from '../../scripts/test-engine.mjs';
import { engineRequest } from '../support/engine-api.js';
import { ENGINE_SOURCE } from '../../src/sources/engine/engine-source.js';

/**
 * The plugin reads what dockerd applies: hundreds of create bodies, written
 * the way an attacker varies them (key casing, letters Go folds, a
 * HostConfig split in two, decoy values overwritten by a later key, lists
 * reset with null, the deprecated top-level fields), are created on the
 * suite's dockerd 20.10; for every security field, what the plugin read from
 * the body must equal what the engine shows in inspect.
 */
const BODIES = 300;
const SEED = 0x5eed14;

/** mulberry32: a small seeded generator, so a failure can be replayed from its case number. */
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const some = <T>(random: Random, items: readonly T[], most = items.length): T[] => items.filter(() => random() < most / items.length / 2);

/**
 * A key as an attacker might spell it: as documented, in another case, or
 * with ſ for s and the Kelvin sign for k, which dockerd 20.10 (Go 1.19)
 * folds too. (ı and İ fold only in Go 1.21 and later, which the plugin also
 * reads, so they are not used against this daemon.)
 */
function spell(random: Random, key: string): string {
  switch (Math.floor(random() * 5)) {
    case 0:
      return key.toLowerCase();
    case 1:
      return key.toUpperCase();
    case 2:
      // Keys are ASCII: one code point is one letter.
      // eslint-disable-next-line @typescript-eslint/no-misused-spread
      return [...key].map((c) => (random() < 0.5 ? c.toLowerCase() : c.toUpperCase())).join('');
    case 3:
      return key.replace(/s/g, '\u017f').replace(/k/g, '\u212a');
    default:
      return key;
  }
}

/** JSON text of an object with keys spelled as given and duplicates allowed. */
const objectText = (entries: readonly (readonly [string, string])[]) =>
  `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(',')}}`;

function hostSettings(random: Random): [string, unknown][] {
  const destinations = ['/m1', '/m2', '/m3', '/m4'];
  const sources = ['/etc', '/usr/share', '/var/lib', '/tmp', '/proc', '/'];
  const binds = some(random, destinations.slice(0, 2), 2).map(
    (destination) => `${pick(random, sources)}:${destination}${pick(random, ['', ':ro', ':rw', ':ro,rslave'])}`,
  );
  const mounts = some(random, destinations.slice(2), 2).map((Target) => ({
    Type: 'bind',
    Source: pick(random, sources),
    Target,
    ReadOnly: random() < 0.5,
  }));
  const settings: [string, unknown][] = [
    ['NetworkMode', pick(random, ['none', 'host'])],
    ['Privileged', random() < 0.3],
    ['PidMode', pick(random, ['', 'host'])],
    ['IpcMode', pick(random, ['', 'host', 'private', 'shareable'])],
    ['UTSMode', pick(random, ['', 'host'])],
    ['CapAdd', some(random, ['NET_ADMIN', 'SYS_ADMIN', 'SYS_PTRACE', 'CAP_SYS_TIME', 'DAC_READ_SEARCH'], 2)],
    ['CapDrop', some(random, ['ALL', 'NET_RAW', 'MKNOD', 'CAP_CHOWN'], 2)],
    ['SecurityOpt', some(random, ['no-new-privileges', 'seccomp=unconfined', 'apparmor=unconfined', 'label=disable'], 2)],
    ['ReadonlyRootfs', random() < 0.5],
    ['Memory', pick(random, [0, 64 * 1024 * 1024])],
    ['PidsLimit', pick(random, [undefined, 100, 0])],
    [
      'Devices',
      random() < 0.3 ? [{ PathOnHost: '/dev/null', PathInContainer: '/dev/xnull', CgroupPermissions: pick(random, ['rwm', 'r']) }] : [],
    ],
    ['Binds', binds],
    ['Mounts', mounts],
  ];
  return settings.filter(([, value]) => value !== undefined);
}

/** One create body, its HostConfig spelled, split, decoyed and reset in random ways. */
function createBody(random: Random, image: string): string {
  const config: [string, string][] = [
    [spell(random, 'Image'), JSON.stringify(image)],
    [spell(random, 'User'), JSON.stringify(pick(random, ['', '0', '1000:1000', 'root', 'nobody']))],
    [spell(random, 'Env'), JSON.stringify(some(random, ['A=1', 'DB_PASSWORD=hunter2x', 'MODE=x'], 2))],
    [spell(random, 'Labels'), JSON.stringify(random() < 0.5 ? { app: 'x' } : {})],
  ];
  const host: [string, string][] = [];
  for (const [key, value] of hostSettings(random)) {
    const spelled = spell(random, key);
    // A decoy first, overwritten by the same key again (in any spelling).
    if (random() < 0.2)
      host.push([
        spell(random, key),
        JSON.stringify(typeof value === 'boolean' ? !value : typeof value === 'string' ? 'host' : Array.isArray(value) ? [] : 1),
      ]);
    // A list set, then reset with null, then set for real.
    if (Array.isArray(value) && random() < 0.15 && typeof value[0] === 'string')
      host.push([spell(random, key), '["/etc:/decoy"]'], [spell(random, key), 'null']);
    // A capability list of one may be given as a bare string (docker's strslice).
    const text =
      (key === 'CapAdd' || key === 'CapDrop') && Array.isArray(value) && value.length === 1 && random() < 0.5
        ? JSON.stringify(value[0])
        : JSON.stringify(value);
    host.push([spelled, text]);
  }
  if (random() < 0.2) return objectText([...config, ...host]);
  if (random() < 0.3) {
    // The HostConfig in two objects under the same key, which Go merges.
    const cut = Math.floor(random() * host.length);
    return objectText([
      ...config,
      [spell(random, 'HostConfig'), objectText(host.slice(0, cut))],
      [spell(random, 'HostConfig'), objectText(host.slice(cut))],
    ]);
  }
  return objectText([...config, [spell(random, 'HostConfig'), objectText(host)]]);
}

/** The security fields compared, each brought to one form: Go's zero values and the daemon's defaults. */
function securityFields(spec: ContainerSpec): Record<string, unknown> {
  const sorted = (values: readonly string[] | undefined) => [...new Set(values ?? [])].sort();
  return {
    privileged: spec.privileged === true,
    networkMode: spec.networkMode || 'default',
    pidMode: spec.pidMode ?? '',
    // dockerd 20.10's default IPC mode is private.
    ipcMode: spec.ipcMode || 'private',
    utsMode: spec.utsMode ?? '',
    capAdd: sorted(spec.capAdd?.map(normalizeCapability)),
    capDrop: sorted(spec.capDrop?.map(normalizeCapability)),
    // dockerd adds label=disable for the host PID or IPC namespace and for privileged (generateSecurityOpt).
    securityOpt: sorted([
      ...(spec.securityOpt ?? []),
      ...(spec.pidMode === 'host' || spec.ipcMode === 'host' || spec.privileged === true ? ['label=disable'] : []),
    ]),
    readonlyRootfs: spec.readonlyRootfs === true,
    memory: spec.memory ?? 0,
    // A limit of zero or below is none.
    pidsLimit: (spec.pidsLimit ?? 0) > 0 ? spec.pidsLimit : 0,
    devices: sorted(spec.devices?.map((device) => JSON.stringify(device))),
    user: spec.user ?? '',
    env: sorted(spec.env?.map((variable) => `${variable.name}=${variable.value ?? ''}`)),
    labels: spec.labels ?? {},
    mounts: (spec.mounts ?? []).map((mount) => ({
      type: mount.type,
      ...(mount.type === 'bind' && { source: mount.source }),
      destination: mount.destination,
      readOnly: mount.readOnly,
    })),
  };
}

describe('the plugin reads a create body as dockerd applies it', () => {
  it(`agrees with dockerd on every security field of ${BODIES} generated bodies`, async () => {
    const host = inject('dockerHost');
    const socket = host.replace(/^unix:\/\//, '');
    const image = await buildTestImage(host);
    const random = generator(SEED);
    let created = 0;
    for (let index = 0; index < BODIES; index++) {
      const body = createBody(random, image);
      const name = `reading-${process.pid}-${index}`;
      const reading = interpretRequest({
        RequestMethod: 'POST',
        RequestUri: `/v1.41/containers/create?name=${name}`,
        RequestBody: Buffer.from(body).toString('base64'),
      });
      const made = await engineRequest(socket, 'POST', `/v1.41/containers/create?name=${name}`, body);
      if (made.status !== 201) {
        // dockerd refused the combination (two mounts on one path, say): nothing to compare, and the plugin must not have read it as something else.
        expect(made.status, `case ${index}: ${made.text}\n${body}`).toBe(400);
        continue;
      }
      try {
        const inspected = JSON.parse((await engineRequest(socket, 'GET', `/containers/${name}/json`)).text) as unknown;
        const applied = inspectToTarget(inspected, { kind: ENGINE_SOURCE, endpoint: host });
        expect(reading.kind, `case ${index}: ${body}`).toBe('containers');
        // When dockerd versions read a body differently, the first reading is dockerd 20.10's.
        const read = reading.kind === 'containers' ? reading.targets[0] : undefined;
        expect(securityFields(read?.spec ?? {}), `case ${index}: ${body}`).toEqual(securityFields(applied.spec));
        created++;
      } finally {
        await engineRequest(socket, 'DELETE', `/containers/${name}?force=1&v=1`);
      }
    }
    // Most bodies must be real containers for the comparison to mean anything.
    expect(created).toBeGreaterThan(BODIES * 0.8);
  }, 300_000);
});
