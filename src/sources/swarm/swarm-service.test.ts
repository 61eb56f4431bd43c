import { describe, expect, it } from 'vitest';
import { swarmServiceToTarget } from './swarm-service-to-target.js';

const service = (containerSpec: Record<string, unknown>, ports: unknown[] = []) => ({
  ID: 'svc1234567890abc',
  Spec: { Name: 'web', TaskTemplate: { ContainerSpec: { Image: 'nginx', ...containerSpec } }, EndpointSpec: { Ports: ports } },
});

describe('swarmServiceToTarget', () => {
  // Regression (issue 15): the Swarm adapter kept mounts in the service's order, where every other source sorts them.
  it('orders mounts as every other source does, each located at its own index', () => {
    const target = swarmServiceToTarget(
      service({
        Mounts: [
          { Type: 'bind', Source: '/var/run/docker.sock', Target: '/var/run/docker.sock' },
          { Type: 'tmpfs', Target: '/run' },
          { Type: 'volume', Source: 'data', Target: '/data', ReadOnly: true },
        ],
      }),
      'unix:///var/run/docker.sock',
    );
    expect(target?.spec.mounts?.map((mount) => mount.destination)).toEqual(['/data', '/var/run/docker.sock']);
    expect(target?.sourceMap.locate(['mounts', 0])).toEqual({ field: 'Spec.TaskTemplate.ContainerSpec.Mounts[2]' });
    expect(target?.sourceMap.locate(['mounts', 1, 'source'])).toEqual({ field: 'Spec.TaskTemplate.ContainerSpec.Mounts[0]' });
    expect(target?.spec.tmpfs).toEqual([{ destination: '/run', options: [] }]);
  });

  // Regression (issue 15): ports were located by their raw index, which skips unpublished ports and ignores the order.
  it('orders published ports and locates each at its own entry of EndpointSpec.Ports', () => {
    const target = swarmServiceToTarget(
      service({}, [
        { TargetPort: 9000, Protocol: 'tcp' },
        { TargetPort: 8080, PublishedPort: 80, Protocol: 'tcp' },
        { TargetPort: 53, PublishedPort: 53, Protocol: 'udp' },
        { TargetPort: 443, PublishedPort: 443 },
      ]),
      'unix:///var/run/docker.sock',
    );
    expect(target?.spec.portBindings).toEqual([
      { containerPort: '443/tcp', hostIp: '', hostPort: '443' },
      { containerPort: '53/udp', hostIp: '', hostPort: '53' },
      { containerPort: '8080/tcp', hostIp: '', hostPort: '80' },
    ]);
    expect([0, 1, 2].map((index) => target?.sourceMap.locate(['portBindings', index])?.field)).toEqual([
      'Spec.EndpointSpec.Ports[3]',
      'Spec.EndpointSpec.Ports[2]',
      'Spec.EndpointSpec.Ports[1]',
    ]);
  });

  it('gives an empty list of ports for a service that publishes none, and reads its environment in order', () => {
    const target = swarmServiceToTarget(service({ Env: ['B=2', 'A=1', 'PASS'] }), 'unix:///var/run/docker.sock');
    expect(target?.spec.portBindings).toEqual([]);
    expect(target?.spec.env).toEqual([{ name: 'A', value: '1' }, { name: 'B', value: '2' }, { name: 'PASS' }]);
    expect(target?.sourceMap.locate(['env', 0])).toEqual({ field: 'Spec.TaskTemplate.ContainerSpec.Env[1]' });
  });
});
