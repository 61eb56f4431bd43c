import { describe, expect, it } from 'vitest';
import { effectiveCapabilities, PODMAN_DEFAULT_CAPABILITIES } from '../../model/capabilities.js';
import { readInspectText } from './inspect-adapter.js';

/** One element of `podman inspect` output, with the fields Podman 4.3 prints for a default container. */
function podmanInspect(overrides: { HostConfig?: object; Config?: object; [key: string]: unknown } = {}) {
  const { HostConfig, Config, ...rest } = overrides;
  return {
    Id: 'a'.repeat(64),
    Name: 'web',
    ImageName: 'localhost/web:1',
    EffectiveCaps: PODMAN_DEFAULT_CAPABILITIES.map((cap) => `CAP_${cap}`),
    BoundingCaps: PODMAN_DEFAULT_CAPABILITIES.map((cap) => `CAP_${cap}`),
    HostConfig: { CapAdd: [], CapDrop: ['CAP_AUDIT_WRITE', 'CAP_MKNOD', 'CAP_NET_RAW'], CgroupMode: 'private', ...HostConfig },
    Config: { Image: 'localhost/web:1', Entrypoint: '', Labels: null, ...Config },
    ...rest,
  };
}

async function read(element: object) {
  const { targets, problems } = await readInspectText(JSON.stringify([element]), 'inspect.json');
  expect(problems).toEqual([]);
  const [target] = targets;
  if (!target) throw new Error('no target');
  return { target, held: effectiveCapabilities(target.spec, target.source.kind.runtime.capabilities) };
}

describe('podman inspect output (issue 20)', () => {
  it("is read with Podman's defaults, and what a container holds comes from its bounding set", async () => {
    const { target, held } = await read(podmanInspect());
    expect(target.source.kind.runtime.name).toBe('podman');
    expect([...held].sort()).toEqual([...PODMAN_DEFAULT_CAPABILITIES].sort());
    expect(target.spec).toMatchObject({ capAdd: [], capDrop: [], cgroupnsMode: 'private', entrypoint: [] });
    expect(target.sourceMap.locate(['capDrop'])).toEqual({ file: 'inspect.json', field: 'BoundingCaps' });
    expect(target.sourceMap.locate(['cgroupnsMode'])).toEqual({ file: 'inspect.json', field: 'HostConfig.CgroupMode' });
  });

  it('ignores CapAdd and CapDrop, whose base changed between Podman versions', async () => {
    // Podman 4.3 reports these relative to Docker's set; the bounding set says NET_RAW is held.
    const { held } = await read(
      podmanInspect({
        BoundingCaps: [...PODMAN_DEFAULT_CAPABILITIES, 'NET_RAW'].map((cap) => `CAP_${cap}`),
        HostConfig: { CapAdd: [], CapDrop: ['CAP_AUDIT_WRITE', 'CAP_MKNOD'] },
      }),
    );
    expect(held).toContain('NET_RAW');
    expect(held).not.toContain('MKNOD');
  });

  it('reads an empty bounding set (null) as every capability dropped, and leaves a privileged one to privileged', async () => {
    expect((await read(podmanInspect({ BoundingCaps: null, EffectiveCaps: null }))).target.spec.capDrop).toEqual(['ALL']);
    const privileged = await read(podmanInspect({ HostConfig: { Privileged: true }, BoundingCaps: ['CAP_SYS_ADMIN', 'CAP_BPF'] }));
    expect(privileged.target.spec.capAdd).toBeUndefined();
    expect(privileged.held).toContain('SYS_MODULE');
  });

  it('takes the sysctls and masks Podman does not report back from the command that created the container', async () => {
    const { target } = await read(
      podmanInspect({
        HostConfig: { SecurityOpt: ['label=disable'] },
        Config: {
          CreateCommand: [
            'podman',
            '--root',
            '/srv/podman',
            'run',
            '--sysctl',
            'kernel.msgmax=65536',
            '--security-opt=unmask=ALL',
            '--security-opt',
            'label=disable',
            '--pod',
            'web-pod',
            'localhost/web:1',
            '--sysctl',
            'not.a=flag',
          ],
        },
      }),
    );
    expect(target.spec.sysctls).toEqual({ 'kernel.msgmax': '65536' });
    expect(target.spec.securityOpt).toEqual(['label=disable', 'unmask=ALL']);
    expect(target.sourceMap.locate(['sysctls', 'kernel.msgmax'])).toEqual({ file: 'inspect.json', field: 'Config.CreateCommand[5]' });
    expect(target.sourceMap.locate(['securityOpt', 1])).toEqual({ file: 'inspect.json', field: 'Config.CreateCommand[6]' });
  });

  it('leaves docker inspect output, and Podman answering as Docker does, to Docker defaults', async () => {
    const { BoundingCaps: _bounding, EffectiveCaps: _effective, ...compatible } = podmanInspect();
    const { target } = await read(compatible);
    expect(target.source.kind.runtime.name).toBe('docker');
  });
});
