import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../errors.js';
import { interpolate, parseEnvFile } from './interpolate.js';
import { loadComposeProject } from './load-project.js';

const variables = new Map([
  ['SET', 'value'],
  ['EMPTY', ''],
]);

describe('interpolate', () => {
  it.each([
    ['${SET}', 'value', false],
    ['$SET/x', 'value/x', false],
    ['$$SET', '$SET', false],
    ['${UNSET:-d}', 'd', false],
    ['${EMPTY:-d}', 'd', false],
    ['${EMPTY-d}', '', false],
    ['${SET:+r}', 'r', false],
    ['${UNSET+r}', '', false],
    ['${UNSET}', '', true],
    ['$UNSET', '', true],
    ['${UNSET:?must be set}', '', true],
    ['${SET:?x}', 'value', false],
    ['${UNSET:-${SET}}', 'value', false],
  ])('%s → %j (unknown %s)', (text, value, unknown) => {
    expect(interpolate(text, variables)).toEqual({ value, unknown });
  });
  it.each(['${IMG', 'x${}', '${1A}', '${UNSET:-${SET}'])('%s is malformed, as Compose refuses it (issue 17)', (text) => {
    expect(interpolate(text, variables)).toMatchObject({ unknown: true, malformed: true });
  });
});

it('reads env files with comments, export and quotes', () => {
  expect(parseEnvFile('# c\nexport A=1\nB="two words" # x\nC=\'$x\'\nnot a line\nD=3 # comment')).toEqual([
    { name: 'A', value: '1', line: 2 },
    { name: 'B', value: 'two words', line: 3 },
    { name: 'C', value: '$x', line: 4 },
    { name: 'D', value: '3', line: 6 },
  ]);
});

describe('loadComposeProject', () => {
  const load = (files: Record<string, string>, order = Object.keys(files)) =>
    loadComposeProject(order, (file) => {
      const text = files[file];
      if (text === undefined) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
      return text;
    });

  it('skips a missing env_file whose entry says required: false, and reports a missing required one without dropping the service (issue 16)', () => {
    const { targets, problems } = load(
      {
        '/p/compose.yaml': [
          'services:',
          '  a:',
          '    image: x',
          '    privileged: true',
          '    env_file:',
          '      - path: ./optional.env',
          '        required: false',
          '      - path: ./present.env',
          '      - ./required.env',
          '',
        ].join('\n'),
        '/p/present.env': 'A=1\n',
      },
      ['/p/compose.yaml'],
    );
    expect(targets.map((target) => [target.name, target.spec.privileged, target.spec.env])).toEqual([
      ['a', true, [{ name: 'A', value: '1', origin: './present.env' }]],
    ]);
    expect(problems.map((problem) => problem.message)).toEqual(['/p/compose.yaml:9:9: cannot read /p/required.env (ENOENT)']);
  });

  it("places a value that is one variable of the project's .env at its line there, and a default or a mixed value in the Compose file (issue 16)", () => {
    const { targets } = load(
      {
        '/p/compose.yaml': [
          'services:',
          '  a:',
          '    image: x',
          '    environment:',
          '      DB_PASSWORD: ${DB_PASS}',
          '      API_TOKEN: ${API_TOKEN:-fallback}',
          '      URL: postgres://app:${DB_PASS}@db/app',
          '      MISSING: ${UNSET_VAR:-Zq8mW2kLp4vX}',
          '',
        ].join('\n'),
        '/p/.env': '# secrets\nDB_PASS=Xk4mW9kLp2vQr7Tz\nAPI_TOKEN=\n',
      },
      ['/p/compose.yaml'],
    );
    const [target] = targets;
    // In the spec's stable order: by name.
    expect(target?.spec.env).toEqual([
      { name: 'API_TOKEN', value: 'fallback' },
      { name: 'DB_PASSWORD', value: 'Xk4mW9kLp2vQr7Tz', origin: '.env' },
      { name: 'MISSING', value: 'Zq8mW2kLp4vX' },
      { name: 'URL', value: 'postgres://app:Xk4mW9kLp2vQr7Tz@db/app' },
    ]);
    const lines = [0, 1, 2, 3].map((index) => target?.sourceMap.locate(['env', index]));
    expect(lines.map((loc) => `${loc?.file}:${loc?.line}`)).toEqual([
      '/p/compose.yaml:6',
      '/p/.env:2',
      '/p/compose.yaml:8',
      '/p/compose.yaml:7',
    ]);
  });

  it('reports a problem that extends or include brings in once, at the file and service that hold it, naming the file that pulled it in (issue 16)', () => {
    const { targets, problems } = load(
      {
        '/p/compose.yaml': [
          'include:',
          '  - inc.yaml',
          'services:',
          '  a:',
          '    extends: {file: base.yaml, service: base}',
          '  b:',
          '    extends: {file: base.yaml, service: base}',
          '    pid: host',
          '  own:',
          '    extends: local',
          '  local:',
          '    image: z',
          '    cap_add: NET_ADMIN',
          '',
        ].join('\n'),
        '/p/base.yaml': 'services:\n  base:\n    image: x\n    cap_add: SYS_ADMIN\n    privilege: true\n',
        '/p/inc.yaml': 'services:\n  c:\n    image: y\n    ports: 8080:80\n',
      },
      ['/p/compose.yaml'],
    );
    expect(targets.map((target) => target.name).sort()).toEqual(['a', 'b', 'c', 'local', 'own']);
    expect(problems.map((problem) => problem.message)).toEqual([
      '/p/inc.yaml:4:12: services.c.ports: must be a list (reached through /p/compose.yaml)',
      '/p/base.yaml:5:5: services.base.privilege: is not a key of a Compose service (reached through /p/compose.yaml)',
      '/p/base.yaml:4:14: services.base.cap_add: must be a list (reached through /p/compose.yaml)',
      '/p/compose.yaml:13:14: services.local.cap_add: must be a list (reached through /p/compose.yaml)',
    ]);
  });

  // Issue 17: an include cycle ran out of stack (exit 70), and an empty flow-mapping value crashed the YAML reader.
  it('reports an include cycle at the include that closes it, and a flow mapping with empty values as the wrong type', () => {
    const cycle = load(
      {
        '/p/compose.yaml': 'include: [b.yaml]\nservices: {a: {image: x, privileged: true}}\n',
        '/p/b.yaml': 'include: [compose.yaml]\nservices: {b: {image: y}}\n',
        '/p/self.yaml': 'include: [self.yaml]\nservices: {c: {image: z}}\n',
      },
      ['/p/compose.yaml'],
    );
    expect(cycle.targets.map((target) => target.name).sort()).toEqual(['a', 'b']);
    expect(cycle.problems.map((problem) => problem.message)).toEqual([
      '/p/b.yaml:1:11: include: is a cycle: /p/compose.yaml includes /p/b.yaml includes /p/compose.yaml (reached through /p/compose.yaml)',
    ]);
    expect(load({ '/p/self.yaml': 'include: [self.yaml]\nservices: {c: {image: z}}\n' }).problems.map((p) => p.problem)).toEqual([
      'is a cycle: /p/self.yaml includes /p/self.yaml',
    ]);
    const flow = load({
      '/p/compose.yaml': 'services:\n  a:\n    image: x\n    ports: {80:80}\n    cap_add: {? SYS_ADMIN}\n    pid: host\n',
    });
    expect(flow.targets.map((target) => target.spec.pidMode)).toEqual(['host']);
    expect(flow.problems.map((problem) => problem.problem).sort()).toEqual(['must be a list', 'must be a list']);
  });

  it('reads services written at the top level, as Compose file format 1 did, and says that docker compose v2 refuses them (issue 16)', () => {
    const { targets, problems } = load({
      '/p/docker-compose.yml': 'openvpn:\n  image: haugene/transmission-openvpn\n  privileged: true\nproxy:\n  image: nginx\n',
    });
    expect(targets.map((target) => [target.name, target.spec.privileged])).toEqual([
      ['openvpn', true],
      ['proxy', undefined],
    ]);
    expect(problems.map((problem) => problem.message)).toEqual([
      expect.stringMatching(/^\/p\/docker-compose\.yml:1:1: services at the top level are Compose file format 1/),
    ]);
    expect(load({ '/p/compose.yaml': 'x-common: {image: y}\nnotes: hello\n' }).targets).toEqual([]);
    expect(load({ '/p/compose.yaml': 'x-common: {image: y}\n' }).targets).toEqual([]);
    expect(load({ '/p/compose.yaml': 'volumes: {data: {driver: local}}\n' }).problems).toEqual([]);
  });

  it('reports a key of the wrong type or an unknown key at its line and still reads the rest of the service (issue 16)', () => {
    const { targets, problems } = load({
      '/p/compose.yaml': [
        'services:',
        '  a:',
        '    image: x',
        '    cap_add: SYS_ADMIN',
        '    ports: 8080:80',
        '    privilege: true',
        '    cap-add: [NET_ADMIN]',
        '    x-notes: {owner: ops}',
        '    pid: host',
        '    privileged: true',
        '    environment:',
        '      - A=1',
        '      - B: 2',
        '',
      ].join('\n'),
    });
    expect(targets.map((target) => [target.spec.pidMode, target.spec.privileged, target.spec.env])).toEqual([
      ['host', true, [{ name: 'A', value: '1' }]],
    ]);
    expect(problems.map((problem) => problem.message)).toEqual([
      '/p/compose.yaml:6:5: services.a.privilege: is not a key of a Compose service',
      '/p/compose.yaml:7:5: services.a.cap-add: is not a key of a Compose service',
      '/p/compose.yaml:4:14: services.a.cap_add: must be a list',
      '/p/compose.yaml:5:12: services.a.ports: must be a list',
      '/p/compose.yaml:13:9: services.a.environment[]: must be KEY=value',
    ]);
  });

  it('does not audit services described in another schema as containers, and says so once each (issue 16)', () => {
    const { targets, problems } = load({
      '/p/compose.yaml':
        'services:\n  api:\n    description: the public API\n    owner: team-a\n  web:\n    image: nginx\n    x-owner: b\n',
    });
    expect(targets.map((target) => target.name)).toEqual(['web']);
    expect(problems.map((problem) => problem.message)).toEqual([
      '/p/compose.yaml:2:3: services.api: has no Compose key (image, build, …): this is not a Compose service',
    ]);
  });

  it('merges override files: lists appended, mappings merged, volumes replaced by target', () => {
    const { targets } = load({
      '/p/compose.yaml': 'services:\n  a:\n    image: x\n    cap_add: [CHOWN]\n    environment: [A=1, B=2]\n    volumes: ["/one:/data"]\n',
      '/p/compose.override.yaml': 'services:\n  a:\n    cap_add: [NET_ADMIN]\n    environment: {B: "3"}\n    volumes: ["/two:/data"]\n',
    });
    expect(targets[0]?.spec).toMatchObject({
      capAdd: ['CHOWN', 'NET_ADMIN'],
      env: [
        { name: 'A', value: '1' },
        { name: 'B', value: '3' },
      ],
      mounts: [{ source: '/two' }],
    });
  });

  it('resolves extends from another file and reports a missing base with its line', () => {
    const { targets, problems } = load(
      {
        '/p/compose.yaml': 'services:\n  a:\n    extends: {file: base.yaml, service: b}\n    user: "1"\n  c:\n    extends: nothing\n',
        '/p/base.yaml': 'services:\n  b:\n    image: y\n    pid: host\n',
      },
      ['/p/compose.yaml'],
    );
    expect(targets.map((target) => [target.name, target.spec.pidMode, target.spec.user])).toEqual([['a', 'host', '1']]);
    expect(problems.map((problem) => problem.message)).toEqual([
      '/p/compose.yaml:6:14: services.c.extends: must be a service that exists (no "nothing")',
    ]);
  });

  it('never throws anything but an input error, whatever the document (property)', () => {
    const scalar = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.constantFrom('${X}', '$$', '${A:?e}', '/etc:/e:ro', '80:80', 'host'),
    );
    const value = fc.letrec<{ value: unknown }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        scalar,
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(fc.constantFrom(...SERVICE_KEYS, 'x'), tie('value'), { maxKeys: 5 }),
      ),
    })).value;
    const document = fc.record({
      services: fc.dictionary(
        fc.stringMatching(/^[a-z][a-z0-9_-]{0,8}$/),
        fc.oneof(value, fc.dictionary(fc.constantFrom(...SERVICE_KEYS), value, { maxKeys: 8 })),
        { maxKeys: 3 },
      ),
    });
    fc.assert(
      fc.property(document, (doc) => {
        try {
          const { problems } = load({ '/p/compose.yaml': stringify(doc) });
          return problems.every((problem) => problem instanceof InputError);
        } catch (error) {
          return error instanceof InputError;
        }
      }),
      { numRuns: 300 },
    );
  });
});

const SERVICE_KEYS = [
  'image',
  'privileged',
  'cap_add',
  'cap_drop',
  'ports',
  'volumes',
  'environment',
  'env_file',
  'security_opt',
  'user',
  'devices',
  'tmpfs',
  'network_mode',
  'networks',
  'pid',
  'ipc',
  'sysctls',
  'healthcheck',
  'deploy',
  'restart',
  'mem_limit',
  'extends',
  'logging',
  'labels',
  'read_only',
];
