/**
 * A live container's settings as the `docker run` flags that would create it
 * again, and as a Compose service: what `fix --container` starts from. Read
 * from `docker inspect` (Engine API ContainerInspect); values the daemon fills
 * in by default are left out so the command stays readable.
 */

type Raw = Record<string, unknown>;

/** One flag and its value, with the Compose key that holds the same setting. */
export interface RecreatedFlag {
  flag: string;
  value?: string;
  compose?: { key: string; value: unknown } | { key: string; append: unknown } | { key: string; entry: [string, unknown] };
}

export interface RecreatedContainer {
  name: string;
  image: string;
  flags: RecreatedFlag[];
  /** The words after the image in docker run: the entrypoint beyond its first word, then Cmd. */
  runArguments: string[];
  /** Config.Cmd, the Compose `command`. */
  cmd: string[];
  /** Settings that have no Compose equivalent, for the Compose form. */
  composeGaps: string[];
}

const object = (value: unknown): Raw => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Raw) : {});
const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const positive = (value: unknown): number | undefined => (typeof value === 'number' && value > 0 ? value : undefined);

/** Compose adds these itself; carried into a docker run command they would make Compose think it owns the container. */
const COMPOSE_LABEL = /^com\.docker\.compose\./;

function nanosecondsToDuration(ns: number): string {
  return ns % 1e9 === 0 ? `${ns / 1e9}s` : `${ns / 1e6}ms`;
}

function healthcheckFlags(health: Raw): RecreatedFlag[] {
  const test = strings(health['Test']);
  if (test[0] === 'NONE') return [{ flag: '--no-healthcheck', compose: { key: 'healthcheck', entry: ['disable', true] } }];
  const command = test[0] === 'CMD-SHELL' ? test[1] : test[0] === 'CMD' ? test.slice(1).join(' ') : undefined;
  if (command === undefined) return [];
  const flags: RecreatedFlag[] = [
    { flag: '--health-cmd', value: command, compose: { key: 'healthcheck', entry: ['test', ['CMD-SHELL', command]] } },
  ];
  for (const [field, flag, key] of [
    ['Interval', '--health-interval', 'interval'],
    ['Timeout', '--health-timeout', 'timeout'],
    ['StartPeriod', '--health-start-period', 'start_period'],
  ] as const) {
    const ns = positive(health[field]);
    if (ns !== undefined)
      flags.push({ flag, value: nanosecondsToDuration(ns), compose: { key: 'healthcheck', entry: [key, nanosecondsToDuration(ns)] } });
  }
  const retries = positive(health['Retries']);
  if (retries !== undefined)
    flags.push({ flag: '--health-retries', value: String(retries), compose: { key: 'healthcheck', entry: ['retries', retries] } });
  return flags;
}

export function recreateContainer(raw: unknown): RecreatedContainer {
  const inspect = object(raw);
  const config = object(inspect['Config']);
  const host = object(inspect['HostConfig']);
  const id = text(inspect['Id']) ?? '';
  const name = (text(inspect['Name']) ?? id.slice(0, 12)).replace(/^\//, '');
  const flags: RecreatedFlag[] = [{ flag: '--name', value: name }];
  const gaps: string[] = [];
  const add = (flag: string, value: string | undefined, compose?: RecreatedFlag['compose']) =>
    flags.push({ flag, ...(value !== undefined && { value }), ...(compose && { compose }) });
  const set = (flag: string, value: string | undefined, key: string, composeValue: unknown = value) => {
    if (value !== undefined) add(flag, value, { key, value: composeValue });
  };
  const each = (flag: string, values: readonly string[], key: string) =>
    values.forEach((value) => add(flag, value, { key, append: value }));

  const hostname = text(config['Hostname']);
  if (hostname !== undefined && hostname !== id.slice(0, 12)) set('--hostname', hostname, 'hostname');
  set('--user', text(config['User']), 'user');
  set('--workdir', text(config['WorkingDir']), 'working_dir');
  if (config['Tty'] === true) add('--tty', undefined, { key: 'tty', value: true });
  if (config['OpenStdin'] === true) add('--interactive', undefined, { key: 'stdin_open', value: true });
  each('--env', strings(config['Env']), 'environment');
  for (const [key, value] of Object.entries(object(config['Labels']))) {
    if (!COMPOSE_LABEL.test(key) && typeof value === 'string')
      add('--label', `${key}=${value}`, { key: 'labels', append: `${key}=${value}` });
  }
  for (const [port, bindings] of Object.entries(object(host['PortBindings']))) {
    const [number, protocol] = port.split('/');
    for (const binding of Array.isArray(bindings) ? bindings.map(object) : []) {
      const hostIp = text(binding['HostIp']);
      const published = [
        hostIp?.includes(':') ? `[${hostIp}]` : hostIp,
        text(binding['HostPort']) ?? '',
        `${number}${protocol && protocol !== 'tcp' ? `/${protocol}` : ''}`,
      ];
      const value = (hostIp === undefined ? published.slice(1) : published).join(':');
      add('--publish', value, { key: 'ports', append: value });
    }
  }
  if (host['PublishAllPorts'] === true) {
    add('--publish-all', undefined);
    gaps.push('--publish-all has no Compose form: list the ports');
  }
  each('--volume', strings(host['Binds']), 'volumes');
  for (const mount of Array.isArray(host['Mounts']) ? host['Mounts'].map(object) : []) {
    const parts = [
      `type=${text(mount['Type']) ?? 'volume'}`,
      ...(text(mount['Source']) ? [`source=${text(mount['Source'])}`] : []),
      `target=${text(mount['Target']) ?? ''}`,
      ...(mount['ReadOnly'] === true ? ['readonly'] : []),
    ];
    const volume = `${text(mount['Source']) ?? ''}:${text(mount['Target']) ?? ''}${mount['ReadOnly'] === true ? ':ro' : ''}`;
    add('--mount', parts.join(','), { key: 'volumes', append: volume });
  }
  for (const [path, options] of Object.entries(object(host['Tmpfs']))) {
    const value = typeof options === 'string' && options !== '' ? `${path}:${options}` : path;
    add('--tmpfs', value, { key: 'tmpfs', append: value });
  }
  const network = text(host['NetworkMode']);
  if (network !== undefined && network !== 'default' && network !== 'bridge') set('--network', network, 'network_mode');
  for (const [field, flag, key, defaults] of [
    ['PidMode', '--pid', 'pid', []],
    ['IpcMode', '--ipc', 'ipc', ['private', 'shareable']],
    ['UTSMode', '--uts', 'uts', []],
    ['UsernsMode', '--userns', 'userns_mode', []],
    ['CgroupnsMode', '--cgroupns', 'cgroup', ['private']],
  ] as const) {
    const value = text(host[field]);
    if (value !== undefined && !(defaults as readonly string[]).includes(value)) set(flag, value, key);
  }
  if (host['Privileged'] === true) add('--privileged', undefined, { key: 'privileged', value: true });
  each('--cap-add', strings(host['CapAdd']), 'cap_add');
  each('--cap-drop', strings(host['CapDrop']), 'cap_drop');
  each('--security-opt', strings(host['SecurityOpt']), 'security_opt');
  for (const device of Array.isArray(host['Devices']) ? host['Devices'].map(object) : []) {
    const value = [text(device['PathOnHost']), text(device['PathInContainer']), text(device['CgroupPermissions'])]
      .filter(Boolean)
      .join(':');
    add('--device', value, { key: 'devices', append: value });
  }
  each('--device-cgroup-rule', strings(host['DeviceCgroupRules']), 'device_cgroup_rules');
  if (host['ReadonlyRootfs'] === true) add('--read-only', undefined, { key: 'read_only', value: true });
  const memory = positive(host['Memory']);
  if (memory !== undefined) set('--memory', `${memory}b`, 'mem_limit');
  const nanoCpus = positive(host['NanoCpus']);
  if (nanoCpus !== undefined) set('--cpus', String(nanoCpus / 1e9), 'cpus', nanoCpus / 1e9);
  const shares = positive(host['CpuShares']);
  if (shares !== undefined) set('--cpu-shares', String(shares), 'cpu_shares', shares);
  const quota = positive(host['CpuQuota']);
  if (quota !== undefined) set('--cpu-quota', String(quota), 'cpu_quota', quota);
  const pids = positive(host['PidsLimit']);
  if (pids !== undefined) set('--pids-limit', String(pids), 'pids_limit', pids);
  const restart = object(host['RestartPolicy']);
  const restartName = text(restart['Name']);
  if (restartName !== undefined && restartName !== 'no') {
    const retries = positive(restart['MaximumRetryCount']);
    set('--restart', restartName === 'on-failure' && retries !== undefined ? `on-failure:${retries}` : restartName, 'restart');
  }
  const log = object(host['LogConfig']);
  const logDriver = text(log['Type']);
  if (logDriver !== undefined && logDriver !== 'json-file')
    add('--log-driver', logDriver, { key: 'logging', entry: ['driver', logDriver] });
  for (const [key, value] of Object.entries(object(log['Config']))) {
    if (typeof value === 'string') add('--log-opt', `${key}=${value}`, { key: 'logging', entry: ['options', { [key]: value }] });
  }
  for (const [key, value] of Object.entries(object(host['Sysctls']))) {
    if (typeof value === 'string') add('--sysctl', `${key}=${value}`, { key: 'sysctls', append: `${key}=${value}` });
  }
  each('--dns', strings(host['Dns']), 'dns');
  each('--add-host', strings(host['ExtraHosts']), 'extra_hosts');
  each('--group-add', strings(host['GroupAdd']), 'group_add');
  for (const link of strings(host['Links'])) {
    // The daemon stores /db:/web/alias; the flag is db:alias.
    const [linked = '', alias = ''] = link.split(':');
    const value = `${linked.replace(/^\//, '')}:${alias.split('/').at(-1) ?? ''}`;
    add('--link', value, { key: 'links', append: value });
  }
  if (host['Init'] === true) add('--init', undefined, { key: 'init', value: true });
  const shm = positive(host['ShmSize']);
  if (shm !== undefined && shm !== 64 * 1024 * 1024) set('--shm-size', `${shm}b`, 'shm_size');
  set('--stop-signal', text(config['StopSignal']), 'stop_signal');
  const runtime = text(host['Runtime']);
  if (runtime !== undefined && runtime !== 'runc') set('--runtime', runtime, 'runtime');
  set('--cgroup-parent', text(host['CgroupParent']), 'cgroup_parent');
  for (const limit of Array.isArray(host['Ulimits']) ? host['Ulimits'].map(object) : []) {
    const value = `${text(limit['Name']) ?? ''}=${String(limit['Soft'])}:${String(limit['Hard'])}`;
    add('--ulimit', value, { key: 'ulimits', entry: [text(limit['Name']) ?? '', { soft: limit['Soft'], hard: limit['Hard'] }] });
  }
  flags.push(...healthcheckFlags(object(config['Healthcheck'])));

  // docker run --entrypoint takes one word; the rest of the entrypoint goes before the command, which runs the same argv.
  const [entrypoint, ...entrypointArgs] = strings(config['Entrypoint']);
  if (entrypoint !== undefined) add('--entrypoint', entrypoint, { key: 'entrypoint', value: strings(config['Entrypoint']) });
  const cmd = strings(config['Cmd']);
  return {
    name,
    image: text(config['Image']) ?? text(inspect['Image']) ?? '',
    flags,
    runArguments: [...entrypointArgs, ...cmd],
    cmd,
    composeGaps: gaps,
  };
}

/** The Compose service map of a recreated container (without the fixes; the Compose writer applies them). */
export function composeService(container: RecreatedContainer): Record<string, unknown> {
  const service: Record<string, unknown> = { image: container.image };
  for (const { compose } of container.flags) {
    if (!compose) continue;
    if ('value' in compose) service[compose.key] = compose.value;
    else if ('append' in compose) service[compose.key] = [...((service[compose.key] as unknown[] | undefined) ?? []), compose.append];
    else {
      const [entryKey, entryValue] = compose.entry;
      const current = object(service[compose.key]);
      const merged =
        entryValue !== null && typeof entryValue === 'object' && !Array.isArray(entryValue)
          ? { ...object(current[entryKey]), ...object(entryValue) }
          : entryValue;
      service[compose.key] = { ...current, [entryKey]: merged };
    }
  }
  if (container.cmd.length > 0) service['command'] = container.cmd;
  return service;
}
