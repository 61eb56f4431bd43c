import { describe, expect, it } from 'vitest';
import type { RunCommand } from './run-line-to-target.js';
import {
  runCommandsInMakefile,
  runCommandsInMarkdown,
  runCommandsInShell,
  runCommandsInWindowsScript,
  runCommandsInYaml,
} from './extract.js';
import { parseRunArguments, runCommandToTarget } from './run-line-to-target.js';
import { shellCommands, sourceTextOf } from '../../shell/shell-words.js';

const words = (text: string) => shellCommands(sourceTextOf(text)).map((command) => command.map((word) => word.text));

describe('shellCommands', () => {
  it('splits words with quotes, escapes and continuations, and keeps positions', () => {
    const [command] = shellCommands(sourceTextOf('docker run \\\n  -e "A=b c" \'-v\' x\\ y'));
    expect(command?.map((word) => word.text)).toEqual(['docker', 'run', '-e', 'A=b c', '-v', 'x y']);
    expect(command?.[2]?.position).toEqual({ line: 2, column: 3 });
  });
  it('ends commands at operators and skips comments', () => {
    expect(words('a 1 && b 2; c | d # e f\ng')).toEqual([['a', '1'], ['b', '2'], ['c'], ['d'], ['g']]);
  });
  it('marks words with run-time expansions as unknown, but not quoted literals', () => {
    const [command] = shellCommands(sourceTextOf('x "$PWD":/a ${B} $(c) `d` \'$E\' 5$'));
    expect(command?.map((word) => word.unknown)).toEqual([false, true, true, true, true, false, false]);
  });
});

describe('docker run flag parsing', () => {
  const parse = (line: string) => {
    const [command] = runCommandsInShell(line);
    if (!command) throw new Error('no docker run');
    return runCommandToTarget(command, 'x.sh').spec;
  };
  it('reads --flag=value, --flag value, grouped short flags and a value in the last one', () => {
    const spec = parse('docker run -itd --name=web -dp 8080:80 --memory 512m --cpus=1.5 -u 1000 nginx:1 sh -c "--privileged"');
    expect(spec).toMatchObject({ name: 'web', image: 'nginx:1', memory: 512 * 1024 ** 2, nanoCpus: 1.5e9, user: '1000' });
    expect(spec.portBindings).toEqual([{ containerPort: '80/tcp', hostIp: '', hostPort: '8080' }]);
    expect(spec.privileged).toBeUndefined();
  });
  it('points a missing setting at the run line, as Compose points it at the service', () => {
    // Regression (issue 15): `docker run alpine` had no location for logDriver while Compose had one.
    const [command] = runCommandsInShell('echo hi\n  docker run alpine');
    if (!command) throw new Error('no docker run');
    const { sourceMap } = runCommandToTarget(command, 'x.sh');
    for (const field of ['logDriver', 'capDrop', 'memory', 'restartPolicy'])
      expect(sourceMap.locate([field]), field).toEqual({ file: 'x.sh', line: 2, column: 3 });
    expect(sourceMap.locate(['image'])).toEqual({ file: 'x.sh', line: 2, column: 14 });
  });
  it('finds docker run behind sudo, env and assignments, and as docker container create', () => {
    for (const line of [
      'sudo -E docker run --pid host a',
      'FOO=1 env docker --host unix:///x container create --pid host a',
      '/usr/bin/docker run --pid=host a',
    ]) {
      expect(parse(line).pidMode, line).toBe('host');
    }
    expect(runCommandsInShell('docker ps; docker build .; echo docker run')).toEqual([]);
  });
  it("reads podman run lines with Podman's flags and global options, and gives them Podman's defaults (issue 20)", () => {
    const lines = [
      'podman run -d --pod web-pod --userns=keep-id --uidmap 0:100000:65536 --secret db,type=env,target=DB_PASSWORD web:1',
      'sudo podman --root /srv/podman --storage-driver vfs container create --systemd always --replace --name w web:1',
      '/usr/bin/podman create --health-on-failure restart --tz UTC web:1',
    ];
    for (const line of lines) {
      const [command] = runCommandsInShell(line);
      expect(command?.engine, line).toBe('podman');
      const target = runCommandToTarget(command as RunCommand, 'x.sh');
      expect(target.spec.image, line).toBe('web:1');
      expect(target.source.kind.runtime.name, line).toBe('podman');
    }
    expect(parse(lines[0] ?? '').usernsMode).toBe('keep-id');
    // The docker CLI has no --pod: its value would be the image there, as the docker CLI would fail on it.
    const [docker] = runCommandsInShell('docker run --pod web-pod web:1');
    expect(docker && runCommandToTarget(docker, 'x.sh').spec.image).toBe('web-pod');
  });
  it('stops at the image and at --', () => {
    expect(parseRunArguments(shellCommands(sourceTextOf('--rm -- image --privileged'))[0] ?? [], 'docker').image?.text).toBe('image');
  });
});

/** Each command's --name and where its docker word stands. */
const named = (commands: readonly RunCommand[]) =>
  commands.map((command) => {
    const name = command.args.findIndex((word) => word.text === '--name');
    return [command.args[name + 1]?.text, command.cli.position.line, command.cli.position.column];
  });

describe('extraction from files', () => {
  it('reads Markdown code blocks as READMEs write them (issue 16): any fence, prompts, indented blocks, not inline code', () => {
    const text = [
      'Run `docker run --name inline --privileged alpine` in prose.', // 1
      '```console', // 2
      '$ docker run --name prompt alpine', // 3
      'Unable to find image (output)', // 4
      '```', // 5
      '```text', // 6
      '# docker run --name root-prompt alpine', // 7
      '```', // 8
      '```bash', // 9
      '# docker run --name commented-out alpine', // 10
      'docker run --name bash alpine', // 11
      '```', // 12
      '', // 13
      '    docker run --name indented \\', // 14
      '      --pid host alpine', // 15
      '', // 16
      '```powershell', // 17
      'docker run --name powershell `', // 18
      '  --privileged alpine', // 19
      '```', // 20
      '```shell', // 21
      '> docker run --name quoted-prompt -d mysql:5.7', // 22
      '```', // 23
    ].join('\n');
    expect(named(runCommandsInMarkdown(text))).toEqual([
      ['prompt', 3, 3],
      ['root-prompt', 7, 3],
      ['bash', 11, 1],
      ['indented', 14, 5],
      ['powershell', 18, 1],
      ['quoted-prompt', 22, 3],
    ]);
  });
  // Issue 16, from scripts in public repositories: a run line inside `if !`, and options from a shell expansion.
  it('reads docker run after the reserved words of a compound command, and an expansion before more flags as options', () => {
    const [inIf] = runCommandsInShell('if ! docker run -d --net=host --name zm zoneminder/zoneminder\nthen\n  docker start zm\nfi');
    expect(inIf && runCommandToTarget(inIf, 'run.sh').spec).toMatchObject({ networkMode: 'host', image: 'zoneminder/zoneminder' });
    const [expanded] = runCommandsInShell('docker run $(default_args vpn) \\\n  --cap-add=NET_ADMIN -p 1194:1194/udp \\\n  example/vpn');
    expect(expanded && runCommandToTarget(expanded, 'vpn.sh').spec).toMatchObject({ capAdd: ['NET_ADMIN'], image: 'example/vpn' });
    const [imageVariable] = runCommandsInShell('docker run --rm $IMAGE sh -c "-x"');
    expect(imageVariable && runCommandToTarget(imageVariable, 'x.sh').spec.image).toBeUndefined();
  });
  it('drops a backtick comment inside a continued command, and reads the prefixes and forms of docker run', () => {
    const script = [
      'docker run -d --name commented \\',
      '  -e TZ=Etc/UTC `#optional` \\',
      '  --privileged alpine',
      'sudo env A=1 docker run --name sudo alpine',
      'time docker container run --name container-run alpine',
      'exec docker create --name create alpine',
    ].join('\n');
    const commands = runCommandsInShell(script);
    expect(named(commands).map(([name]) => name)).toEqual(['commented', 'sudo', 'container-run', 'create']);
    expect(commands[0]?.args.map((word) => word.text)).toEqual(['-d', '--name', 'commented', '-e', 'TZ=Etc/UTC', '--privileged', 'alpine']);
  });
  it('reads the line continuations of cmd and PowerShell scripts', () => {
    const cmd = runCommandsInWindowsScript('docker run --name cmd ^\r\n  --privileged alpine\r\n');
    const powershell = runCommandsInWindowsScript('docker run --name ps `\n  --privileged alpine\n');
    for (const [command] of [cmd, powershell])
      expect(command?.args.map((word) => word.text.trim()).slice(2)).toEqual(['--privileged', 'alpine']);
  });
  it('reads Makefile recipes without make prefixes', () => {
    const [command] = runCommandsInMakefile('all:\n\t@-docker run --pid host x\n');
    expect(command?.cli.position).toEqual({ line: 2, column: 4 });
  });
  it('reads fences of any language, and only the prompt lines of a block that has prompts', () => {
    const text = [
      '```sh',
      'docker run a',
      '```',
      '```console',
      '$ docker run b',
      'docker run c',
      '```',
      '```js',
      'docker run d',
      '```',
    ].join('\n');
    expect(runCommandsInMarkdown(text).map((command) => command.args.at(-1)?.text)).toEqual(['a', 'b', 'd']);
  });
  it('reads CI run: blocks and script: lists at their lines', () => {
    const text = 'jobs:\n  a:\n    steps:\n      - run: |\n          echo 1\n          docker run x\nb:\n  script:\n    - docker run y\n';
    expect(
      runCommandsInYaml(text).map((command) => [command.args.at(-1)?.text, command.cli.position.line, command.cli.position.column]),
    ).toEqual([
      ['x', 6, 11],
      ['y', 9, 7],
    ]);
  });
});
