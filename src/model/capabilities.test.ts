import { describe, expect, it } from 'vitest';
import {
  ALL_CAPABILITIES,
  DOCKER_DEFAULT_CAPABILITIES,
  decodeCapabilityMask,
  effectiveCapabilities,
  normalizeCapability,
  sortCapabilities,
} from './capabilities.js';

describe('effectiveCapabilities (moby TweakCapabilities semantics)', () => {
  it("is Docker's default set when nothing is added or dropped", () => {
    expect(effectiveCapabilities({}, DOCKER_DEFAULT_CAPABILITIES)).toEqual(sortCapabilities(DOCKER_DEFAULT_CAPABILITIES));
  });
  it('gives a privileged container every capability, whatever it drops', () => {
    expect(effectiveCapabilities({ privileged: true, capDrop: ['ALL'] }, DOCKER_DEFAULT_CAPABILITIES)).toEqual([...ALL_CAPABILITIES]);
  });
  it('keeps only the added ones after --cap-drop=ALL, in any spelling', () => {
    expect(effectiveCapabilities({ capDrop: ['all'], capAdd: ['cap_net_bind_service', 'Chown'] }, DOCKER_DEFAULT_CAPABILITIES)).toEqual([
      'CHOWN',
      'NET_BIND_SERVICE',
    ]);
  });
  it('lets --cap-add=ALL win over --cap-drop=ALL, minus named drops', () => {
    const caps = effectiveCapabilities({ capAdd: ['ALL'], capDrop: ['ALL', 'SYS_ADMIN'] }, DOCKER_DEFAULT_CAPABILITIES);
    expect(caps).toHaveLength(ALL_CAPABILITIES.length - 1);
    expect(caps).not.toContain('SYS_ADMIN');
  });
  it('lets an add win over a drop of the same capability', () => {
    expect(effectiveCapabilities({ capDrop: ['NET_RAW'], capAdd: ['NET_RAW'] }, DOCKER_DEFAULT_CAPABILITIES)).toContain('NET_RAW');
  });
  it('subtracts drops from the defaults and adds the rest', () => {
    const caps = effectiveCapabilities({ capDrop: ['NET_RAW', 'MKNOD'], capAdd: ['SYS_PTRACE'] }, DOCKER_DEFAULT_CAPABILITIES);
    expect(caps).toHaveLength(DOCKER_DEFAULT_CAPABILITIES.length - 1);
    expect(caps).toContain('SYS_PTRACE');
    expect(caps).not.toContain('NET_RAW');
  });
});

describe('decodeCapabilityMask', () => {
  it("decodes the CapEff of a default container to Docker's default set", () => {
    expect(decodeCapabilityMask('00000000a80425fb')).toEqual(sortCapabilities(DOCKER_DEFAULT_CAPABILITIES));
  });
  it('decodes a full mask to every capability and an empty one to none', () => {
    expect(decodeCapabilityMask('000001ffffffffff')).toEqual([...ALL_CAPABILITIES]);
    expect(decodeCapabilityMask('0000000000000000')).toEqual([]);
  });
});

it('normalizes names', () => {
  expect(normalizeCapability(' cap_sys_admin ')).toBe('SYS_ADMIN');
  expect(normalizeCapability('all')).toBe('ALL');
});
