import type { PortBinding } from '../../model/container-spec.js';

/**
 * `-p [ip:][hostPort:]containerPort[/proto]`, IPv6 in brackets. The container
 * port may be a range, the host port too. From the docker CLI reference
 * (docker container run, "Publish or expose port") and go-connections
 * nat.ParsePortSpec; Compose's short port syntax is the same grammar.
 */
export function parsePublish(value: string): PortBinding | undefined {
  const bracketed = /^\[([^\]]*)\]:(.*)$/.exec(value);
  let hostIp = '';
  let rest = value;
  if (bracketed) {
    hostIp = bracketed[1] ?? '';
    rest = bracketed[2] ?? '';
  }
  const parts = rest.split(':');
  if (!bracketed && parts.length === 3) hostIp = parts.shift() ?? '';
  if (bracketed && parts.length !== 2) return undefined;
  if (parts.length > 2) return undefined;
  const containerPart = parts.pop() ?? '';
  const hostPort = parts.pop() ?? '';
  const [port, protocol = 'tcp'] = containerPart.split('/');
  if (!port || !/^\d+(-\d+)?$/.test(port) || (hostPort !== '' && !/^\d+(-\d+)?$/.test(hostPort))) return undefined;
  return { containerPort: `${port}/${protocol}`, hostIp, hostPort };
}
