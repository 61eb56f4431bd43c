/**
 * Inputs for the fuzz test: random Compose files, Markdown with `docker run`
 * lines, shell scripts and Quadlet-like units, then mutated at the byte, line
 * and token level. The choices are drawn from fast-check (fc.gen), so a
 * failing case is replayed from its seed and path, and shrunk.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';

/** The generators' view of fast-check's draws: whole numbers, odds and picks. */
export class Random {
  constructor(private readonly draw: fc.GeneratorValue) {}

  int(below: number): number {
    return below <= 1 ? 0 : this.draw(fc.nat, { max: below - 1 });
  }

  chance(probability: number): boolean {
    return this.int(1000) < probability * 1000;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  some<T>(items: readonly T[], most: number): T[] {
    return Array.from({ length: 1 + this.int(most) }, () => this.pick(items));
  }
}

/** Values that are valid somewhere, odd everywhere else. */
const ODD_VALUES: readonly unknown[] = [
  null,
  '',
  0,
  -1,
  65536,
  Number.POSITIVE_INFINITY,
  true,
  'yes',
  'off',
  [],
  {},
  [null],
  { '': null },
  '~',
  '${',
  '${}',
  '${UNSET:?required}',
  '$${ESCAPED}',
  '${A:-${B:-deep}}',
  'ünïcödé ☃',
  '\u0000',
  '\u001b[31mred',
  'line\nbreak',
  'x'.repeat(5000),
  [[[[['deep']]]]],
  { a: { b: { c: { d: 'deep' } } } },
];

const CAPABILITIES = ['ALL', 'SYS_ADMIN', 'NET_ADMIN', 'NET_RAW', 'CHOWN', 'sys_ptrace', 'CAP_SYS_MODULE', 'NOT_A_CAP', 'BPF'];
const IMAGES = ['nginx', 'nginx:1.27', 'postgres@sha256:' + 'a'.repeat(64), 'registry.example:5000/team/app:${TAG:-latest}', 'busybox', ''];
const PORTS = [
  '80',
  '80:80',
  '127.0.0.1:8080:80',
  '0.0.0.0:443:443/tcp',
  '[::1]:53:53/udp',
  '8000-8010:8000-8010',
  '99999:80',
  '80:80/xyz',
  '${PORT}:80',
  ':80',
  '::80',
];
const VOLUMES = [
  '/var/run/docker.sock:/var/run/docker.sock',
  '/:/host:ro',
  '/etc:/etc',
  'data:/data',
  './src:/app:rw,z',
  '/proc:/host/proc',
  '${HOME}/.ssh:/root/.ssh',
  '/run/podman/podman.sock:/var/run/docker.sock',
  'C:\\data:/data',
  ':::',
];
const SECRET_LOOKING = [
  'hunter2',
  'changeme',
  'AKIAIOSFODNN7EXAMPLE',
  'ghp_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8',
  'postgres://app:S3cr3t-Pa55@db:5432/app',
  '${DB_PASSWORD}',
  '${DB_PASSWORD:-devpassword}',
  '<your-password>',
  'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx',
];
const SECURITY_OPTS = [
  'no-new-privileges:true',
  'no-new-privileges',
  'seccomp:unconfined',
  'seccomp=unconfined',
  'apparmor=unconfined',
  'label:disable',
  'label=type:spc_t',
  'systempaths=unconfined',
  'bogus',
];

function oneOf(random: Random, pool: readonly unknown[]): unknown {
  return random.chance(0.15) ? random.pick(ODD_VALUES) : random.pick(pool);
}

function service(random: Random, names: readonly string[]): Record<string, unknown> {
  const keys: Record<string, () => unknown> = {
    image: () => oneOf(random, IMAGES),
    build: () => random.pick<unknown>(['.', { context: '.', dockerfile: 'Dockerfile', args: { TOKEN: random.pick(SECRET_LOOKING) } }]),
    privileged: () => oneOf(random, [true, false, 'true']),
    cap_add: () => (random.chance(0.2) ? oneOf(random, CAPABILITIES) : random.some(CAPABILITIES, 3)),
    cap_drop: () => (random.chance(0.2) ? 'ALL' : random.some(CAPABILITIES, 3)),
    network_mode: () => oneOf(random, ['host', 'bridge', 'none', `service:${random.pick(names)}`, 'container:abc']),
    pid: () => oneOf(random, ['host', `service:${random.pick(names)}`]),
    ipc: () => oneOf(random, ['host', 'shareable', 'private']),
    userns_mode: () => oneOf(random, ['host']),
    ports: () =>
      random.chance(0.3)
        ? [
            {
              target: oneOf(random, [80, '80', 70000]),
              published: oneOf(random, ['8080', 8080, '8000-8005']),
              host_ip: oneOf(random, ['0.0.0.0', '127.0.0.1', '::']),
              protocol: oneOf(random, ['tcp', 'udp', 'sctp', 'xyz']),
            },
          ]
        : random.some(PORTS, 4),
    expose: () => random.some(['80', '443/tcp', 90000], 2),
    volumes: () =>
      random.chance(0.3)
        ? [
            {
              type: oneOf(random, ['bind', 'volume', 'tmpfs', 'npipe', 'cluster']),
              source: oneOf(
                random,
                VOLUMES.map((volume) => volume.split(':')[0]),
              ),
              target: '/x',
              read_only: oneOf(random, [true, false]),
              bind: { propagation: oneOf(random, ['rshared', 'shared', 'private']) },
            },
          ]
        : random.some(VOLUMES, 3),
    environment: () =>
      random.chance(0.5)
        ? Object.fromEntries(
            random
              .some(['DB_PASSWORD', 'API_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'DEBUG', 'PASSWORD_FILE', 'SECRET_KEY_BASE'], 4)
              .map((name) => [name, oneOf(random, SECRET_LOOKING)]),
          )
        : random.some(SECRET_LOOKING.map((value) => `MYSQL_ROOT_PASSWORD=${value}`).concat(['PATH', 'EMPTY=']), 3),
    env_file: () => oneOf(random, ['.env', ['.env', { path: 'missing.env', required: false }], '/dev/zero', '/etc/shadow']),
    security_opt: () => random.some(SECURITY_OPTS, 3),
    user: () => oneOf(random, ['root', '0', '0:0', '1000:1000', 'nobody', '${UID}:${GID}']),
    read_only: () => oneOf(random, [true, false]),
    tmpfs: () => oneOf(random, ['/tmp', ['/run:exec,size=64m'], '/tmp:rw,noexec']),
    devices: () => random.some(['/dev/kvm', '/dev/mem:/dev/mem', '/dev/sda:/dev/xvda:rwm', 'nvidia.com/gpu=all'], 2),
    sysctls: () =>
      oneOf(random, [
        { 'net.ipv4.ip_forward': 1 },
        ['kernel.shm_rmid_forced=1', 'net.core.somaxconn'],
        { 'kernel.core_pattern': '|/bin/sh' },
      ]),
    cgroup: () => oneOf(random, ['host', 'private']),
    cgroup_parent: () => oneOf(random, ['/', 'docker']),
    links: () =>
      random.some(
        names.map((name) => `${name}:alias`),
        2,
      ),
    restart: () => oneOf(random, ['always', 'unless-stopped', 'on-failure:5', 'no', 'sometimes']),
    mem_limit: () => oneOf(random, ['512m', '1g', 0, '-1', 'lots']),
    pids_limit: () => oneOf(random, [100, -1, 0, 'none']),
    healthcheck: () => ({
      test: oneOf(random, [
        ['CMD', 'curl', '-f', 'http://user:pw@localhost/'],
        'wget -qO- --header "Authorization: Bearer abc.def.ghi" http://x',
        ['NONE'],
      ]),
      interval: oneOf(random, ['30s', '1m30s', 'soon']),
    }),
    command: () =>
      oneOf(random, [['sh', '-c', 'mysql -uroot -pS3cr3t db'], 'server --token=abcdef0123456789abcdef', ['--password', 'p@ss']]),
    entrypoint: () => oneOf(random, [['/bin/sh', '-c'], '/entrypoint.sh']),
    labels: () => oneOf(random, [{ 'dockward.waive': 'privileged', 'api.key': random.pick(SECRET_LOOKING) }, ['a=b', 'c']]),
    extends: () =>
      oneOf(random, [
        { service: random.pick(names) },
        { file: random.pick(['other.yaml', 'compose.yaml', '/dev/zero']), service: 'base' },
        random.pick(names),
      ]),
    depends_on: () => oneOf(random, [names, { [random.pick(names)]: { condition: 'service_healthy' } }]),
    deploy: () => ({
      resources: { limits: { memory: oneOf(random, ['256M', 'lots']), cpus: oneOf(random, ['0.5', 2, 'many']) } },
      mode: oneOf(random, ['global', 'replicated']),
    }),
    logging: () => ({ driver: oneOf(random, ['none', 'json-file', 'syslog']), options: { 'max-size': '10m' } }),
    secrets: () => random.some(['db_password', { source: 'token', target: '/run/secrets/token' }], 2),
    platform: () => oneOf(random, ['linux/amd64']),
    profiles: () => oneOf(random, [['debug']]),
  };
  const names_ = Object.keys(keys);
  const result: Record<string, unknown> = {};
  for (const key of random.some(names_, 10)) result[key] = (keys[key] as () => unknown)();
  if (random.chance(0.05)) result[random.pick(['x-unknown', 'privilegd', 'Image', ''])] = random.pick(ODD_VALUES);
  return result;
}

/** A Compose model, written by the yaml library in a random style, sometimes with anchors, merges and tags written by hand. */
export function composeFile(random: Random): string {
  const names = random.some(['web', 'db', 'cache', 'worker', 'proxy', 'a-very-long-service-name-'.repeat(3), '0', 'ünï'], 4);
  const services = Object.fromEntries(names.map((name) => [name, service(random, names)]));
  const model: Record<string, unknown> = { services };
  if (random.chance(0.2)) model['include'] = random.pick<unknown>([['other.yaml'], ['compose.yaml'], [{ path: '/etc/shadow' }], 'x']);
  if (random.chance(0.2)) model['networks'] = { front: { driver: 'bridge', internal: random.chance(0.5) }, host: { external: true } };
  if (random.chance(0.2)) model['secrets'] = { db_password: { file: './db_password.txt' }, token: { environment: 'TOKEN' } };
  if (random.chance(0.1)) model['version'] = random.pick(['3.8', '2', 3, null]);
  if (random.chance(0.05)) model['services'] = random.pick(ODD_VALUES);
  let text = stringify(model, {
    collectionStyle: random.pick(['any', 'block', 'flow'] as const),
    defaultStringType: random.pick(['PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL'] as const),
    lineWidth: random.pick([0, 20, 80]),
    indent: random.pick([2, 4]),
  });
  if (random.chance(0.3)) {
    text =
      `x-base: &base\n  privileged: true\n  cap_add: [SYS_ADMIN]\n  volumes: &vols\n    - /var/run/docker.sock:/var/run/docker.sock\n` +
      text.replace(
        /^services:\n(\s+)(\S[^\n]*):\n/m,
        (whole, indent: string) => `${whole}${indent}${indent}<<: ${random.pick(['*base', '[*base]', '*missing', '*vols'])}\n`,
      );
  }
  if (random.chance(0.1)) text += random.pick(['---\nservices: {}\n', '...\n', '%YAML 1.1\n', '!!set {a, b}\n', 'services: {}\n']);
  return text;
}

const RUN_FLAGS = [
  '--privileged',
  '--rm',
  '-d',
  '-it',
  '--name web',
  '--net=host',
  '--network host',
  '--pid=host',
  '--ipc host',
  '--cap-add=ALL',
  '--cap-add SYS_ADMIN',
  '--cap-drop ALL',
  '-p 80:80',
  '-p 127.0.0.1:5432:5432',
  '-P',
  '--link db:db',
  '-v /var/run/docker.sock:/var/run/docker.sock',
  '--volume=/:/host',
  '--mount type=bind,source=/etc,target=/etc',
  '-e POSTGRES_PASSWORD=S3cr3t-Pa55',
  '--env "API_TOKEN=ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"',
  '-e PASSWORD',
  '--env-file .env',
  '--security-opt seccomp=unconfined',
  '--security-opt apparmor:unconfined',
  '--security-opt label=disable',
  '--device /dev/kvm',
  '--user root',
  '-u 0',
  '--read-only',
  '--memory 512m',
  '--pids-limit -1',
  '--sysctl net.ipv4.ip_forward=1',
  '--restart always',
  '--log-driver none',
  '--userns host',
  '--uts host',
  '--cgroupns host',
  '--no-such-flag',
  '-p',
  '--env',
  "'--quoted-flag'",
  '$EXTRA_ARGS',
  '"$@"',
  '$(docker ps -q)',
  '`hostname`',
  '\\',
];

function runLine(random: Random): string {
  const runner = random.pick([
    'docker run',
    'docker container run',
    'sudo docker run',
    'podman run',
    'docker create',
    'nerdctl run',
    'DOCKER_HOST=tcp://x docker run',
  ]);
  const flags = random.some(RUN_FLAGS, 8);
  const image = random.pick([
    'nginx',
    'postgres:16',
    'alpine sh -c "echo hi"',
    'busybox --privileged',
    '',
    'image:tag@sha256:' + 'b'.repeat(64),
  ]);
  const parts = [runner, ...flags, image];
  if (random.chance(0.4)) return parts.join(random.pick([' \\\n  ', ' \\\r\n  ', ' ']));
  return parts.join(' ');
}

/** A README: prose, inline code, and fences of every kind holding run lines, some with prompts. */
export function markdownFile(random: Random): string {
  const blocks: string[] = [`# ${random.pick(['Quick start', 'Running', 'Deploy'])}`];
  for (let block = 0; block < 1 + random.int(6); block++) {
    const line = runLine(random);
    const prompt = random.pick(['', '$ ', '# ', '> ', 'PS> ', 'user@host:~$ ']);
    const body = prompt + line;
    switch (random.int(8)) {
      case 0:
        blocks.push(`\`\`\`${random.pick(['', 'sh', 'bash', 'console', 'shell', 'powershell', 'yaml', 'Dockerfile'])}\n${body}\n\`\`\``);
        break;
      case 1:
        blocks.push(`~~~${random.pick(['', 'sh', 'shell-session'])}\n${body}\n~~~`);
        break;
      case 2:
        blocks.push(
          body
            .split('\n')
            .map((text) => `    ${text}`)
            .join('\n'),
        );
        break;
      case 3:
        blocks.push(`Run \`${line.replace(/\n/g, ' ')}\` to start it.`);
        break;
      case 4:
        blocks.push(`- Step one:\n\n  \`\`\`sh\n  ${body.replace(/\n/g, '\n  ')}\n  \`\`\``);
        break;
      case 5:
        blocks.push(`<pre>${body}</pre>`);
        break;
      case 6:
        blocks.push(`\`\`\`\`md\n\`\`\`sh\n${body}\n\`\`\`\n\`\`\`\``);
        break;
      default:
        blocks.push(`\`\`\`yaml\n${composeFile(random)}\`\`\``);
    }
  }
  if (random.chance(0.1)) blocks.push('```sh\ndocker run --privileged nginx'); // unclosed fence
  return `${blocks.join('\n\n')}\n`;
}

/** A shell script with run lines, comments, heredocs and command substitution. */
export function shellScript(random: Random): string {
  const lines = ['#!/bin/sh', 'set -eu'];
  for (let index = 0; index < 1 + random.int(5); index++) {
    switch (random.int(5)) {
      case 0:
        lines.push(`# ${runLine(random)}`);
        break;
      case 1:
        lines.push(`cat <<'EOF'\n${runLine(random)}\nEOF`);
        break;
      case 2:
        lines.push(`ID=$(${runLine(random)})`);
        break;
      case 3:
        lines.push(`if [ -n "$X" ]; then ${runLine(random)}; fi`);
        break;
      default:
        lines.push(runLine(random));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** A Podman Quadlet-like unit: INI sections, keys that map to run flags, and PodmanArgs. */
export function quadletUnit(random: Random): string {
  const keys = [
    'Image=docker.io/library/nginx:latest',
    'PodmanArgs=--privileged',
    `PodmanArgs=${random.pick(RUN_FLAGS)}`,
    'AddCapability=SYS_ADMIN NET_ADMIN',
    'DropCapability=ALL',
    'Network=host',
    'Volume=/var/run/podman/podman.sock:/var/run/docker.sock',
    'PublishPort=80:80',
    'Environment=DB_PASSWORD=S3cr3t-Pa55',
    'SecurityLabelDisable=true',
    'User=0',
    'Exec=sh -c "sleep infinity"',
    'NoKey',
    '=NoName',
  ];
  const lines = [
    '[Unit]',
    'Description=web',
    '',
    '[Container]',
    ...random.some(keys, 8),
    '',
    '[Service]',
    'Restart=always',
    '',
    '[Install]',
    'WantedBy=default.target',
  ];
  if (random.chance(0.2)) lines.splice(random.int(lines.length), 0, random.pick(['[Broken', 'Key=value \\', '; comment', '# comment']));
  return `${lines.join('\n')}\n`;
}

const TOKENS = [
  '&a ',
  '*a',
  '<<: *a',
  '!!set ',
  '!!binary ',
  '!custom ',
  '? ',
  ': ',
  '- ',
  '{',
  '}',
  '[',
  ']',
  '"',
  "'",
  '|',
  '>-',
  '#',
  '\t',
  '---\n',
  '${',
  '$$',
  '\\',
  '\u0000',
  '\uFEFF',
  '\r',
  '\n',
  '  ',
  '%',
  '@',
  '`',
];

/** The text changed in 1 to 4 ways: bytes, lines or tokens. */
export function mutate(random: Random, text: string): string {
  let result = text;
  for (let step = 0; step < 1 + random.int(4); step++) {
    const lines = result.split('\n');
    const at = random.int(lines.length);
    const position = random.int(result.length + 1);
    switch (random.int(10)) {
      case 0:
        result = result.slice(0, position) + random.pick(TOKENS) + result.slice(position);
        break;
      case 1:
        result = result.slice(0, position) + String.fromCharCode(random.int(0x250)) + result.slice(position + 1);
        break;
      case 2:
        lines.splice(at, 1);
        result = lines.join('\n');
        break;
      case 3:
        lines.splice(at, 0, lines[at] ?? '');
        result = lines.join('\n');
        break;
      case 4:
        lines[at] = (random.chance(0.5) ? '  ' : '') + (lines[at] ?? '').replace(/^ {1,2}/, '');
        result = lines.join('\n');
        break;
      case 5:
        result = result.slice(0, position);
        break;
      case 6:
        result = result.replace(/\n/g, '\r\n');
        break;
      case 7: {
        const chunk = result.slice(position, position + 1 + random.int(200));
        result = result.slice(0, position) + chunk.repeat(1 + random.int(50)) + result.slice(position);
        break;
      }
      case 8:
        result =
          (lines[at] ?? '').replace(/ /g, '\t') === lines[at]
            ? result
            : lines.map((line, index) => (index === at ? line.replace(/ /g, '\t') : line)).join('\n');
        break;
      default:
        result = `\uFEFF${result}`;
    }
  }
  return result;
}

export type FuzzKind = 'compose' | 'markdown' | 'script' | 'quadlet';

/** The file name each kind is found under, so that lint reads it as that kind. */
export const FILE_NAMES: Record<FuzzKind, readonly string[]> = {
  compose: ['compose.yaml', 'docker-compose.yml', 'compose.override.yaml'],
  markdown: ['README.md', 'docs.markdown'],
  script: ['run.sh', 'deploy.bash'],
  quadlet: ['web.container'],
};

/** One case: its kind, the file name lint knows that kind by, and its text. */
export function fuzzCase(random: Random): { kind: FuzzKind; name: string; text: string } {
  const kind = random.pick(['compose', 'compose', 'markdown', 'script', 'quadlet'] as const);
  const generate = { compose: composeFile, markdown: markdownFile, script: shellScript, quadlet: quadletUnit }[kind];
  const text = generate(random);
  return { kind, name: random.pick(FILE_NAMES[kind]), text: random.chance(0.7) ? mutate(random, text) : text };
}
