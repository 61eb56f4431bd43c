import type { PortBinding } from '../../model/container-spec.js';

/**
 * `-p [ip:][hostPort:]containerPort[/proto]`, IPv6 in brackets. The container
 * port may be a range, the host port too. From the docker CLI reference
 * (docker container run, "Publish or expose port") and go-connections
 * nat.ParsePortSpec; Compose's short port syntax is the same grammar.
 */
export function parsePublish(value: string): PortBinding | undefined {
  return parsePorts(value, isPortOrRange);
}

const PORT = /^(\d{1,5})(?:-(\d{1,5}))?$/;

/** go-connections reads ports as 16-bit numbers; a range runs upwards. */
function isPortOrRange(text: string): boolean {
  const [, start, end = start] = PORT.exec(text) ?? [];
  return start !== undefined && Number(start) <= 65535 && Number(end) <= 65535 && Number(start) <= Number(end);
}

/** The grammar parsePublish reads, for a message about a value it refuses. */
export const PUBLISH_GRAMMAR = '[address:][host port:]container port[/tcp, udp or sctp], with ports from 0 to 65535';

/** go-connections nat.validateProto. */
const PROTOCOLS: ReadonlySet<string> = new Set(['tcp', 'udp', 'sctp']);

/** A variable named as a port (`${APP_PORT}`, `${PORT:-8080}`, `$CALLS_PORT`), which a Compose file leaves to the deployer. */
const PORT_VARIABLE = /\$\{(?:[A-Za-z_]\w*)?PORT(?::?-[^}:]*)?\}|\$(?:[A-Za-z_]\w*)?PORT\b/gi;
/** Where a variable stood while the ports are parsed: `#<index>#`, which no port spec holds. */
const MASKED = /#(\d+)#/g;

/**
 * The same grammar where a port is a variable named as a port that interpolation left unresolved
 * (`${APP_PORT}:8065`, `${CALLS_PORT}:${CALLS_PORT}/udp`): the binding keeps it as written. Undefined when
 * anything else is a variable, above all an address (`${BIND}:80` may hold one).
 */
export function parsePublishWithPortVariables(value: string): PortBinding | undefined {
  const variables: string[] = [];
  if (value.includes('#')) return undefined;
  const masked = value.replace(PORT_VARIABLE, (variable) => `#${variables.push(variable) - 1}#`);
  if (masked.includes('$')) return undefined;
  const binding = parsePorts(masked, (port) => isPortOrRange(port) || /^#\d+#$/.test(port));
  if (!binding || binding.hostIp.includes('#')) return undefined;
  const unmask = (text: string) => text.replace(MASKED, (_, index: string) => variables[Number(index)] ?? '');
  return { ...binding, containerPort: unmask(binding.containerPort), hostPort: unmask(binding.hostPort) };
}

function parsePorts(value: string, isPort: (port: string) => boolean): PortBinding | undefined {
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
  const [port, protocol = 'tcp', ...more] = containerPart.split('/');
  if (!port || !isPort(port) || (hostPort !== '' && !isPort(hostPort))) return undefined;
  if (more.length > 0 || !PROTOCOLS.has(protocol.toLowerCase())) return undefined;
  return { containerPort: `${port}/${protocol}`, hostIp, hostPort };
}
