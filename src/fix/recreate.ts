/**
 * A live container's settings as the `docker run` flags that would create it
 * again, and as a Compose service: what `fix --container` starts from. Read
 * from `docker inspect` (Engine API ContainerInspect); values the daemon fills
 * in by default are left out so the command stays readable.
 */

import { composeKey, FIELD, inspectValue, runFlag, type TableField } from '../model/field-table.js';

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
  const key = composeKey(FIELD.healthcheck);
  const test = strings(health['Test']);
  if (test[0] === 'NONE') return [{ flag: '--no-healthcheck', compose: { key, entry: ['disable', true] } }];
  const command = test[0] === 'CMD-SHELL' ? test[1] : test[0] === 'CMD' ? test.slice(1).join(' ') : undefined;
  if (command === undefined) return [];
  const flags: RecreatedFlag[] = [
    { flag: runFlag(FIELD.healthcheck), value: command, compose: { key, entry: ['test', ['CMD-SHELL', command]] } },
  ];
  for (const [field, flag, entry] of [
    ['Interval', '--health-interval', 'interval'],
    ['Timeout', '--health-timeout', 'timeout'],
    ['StartPeriod', '--health-start-period', 'start_period'],
  ] as const) {
    const ns = positive(health[field]);
    if (ns !== undefined)
      flags.push({ flag, value: nanosecondsToDuration(ns), compose: { key, entry: [entry, nanosecondsToDuration(ns)] } });
  }
  const retries = positive(health['Retries']);
  if (retries !== undefined)
    flags.push({ flag: '--health-retries', value: String(retries), compose: { key, entry: ['retries', retries] } });
  return flags;
}

/** The flags a recreated container collects, written through the field table: each field's flag and Compose key. */
class Recreation {
  readonly flags: RecreatedFlag[] = [];
  readonly gaps: string[] = [];

  /** A flag of the field, with what Compose makes of it (`entry`: one key of a map the field shares, such as `logging`). */
  add(
    field: TableField,
    value: string | undefined,
    compose?: { value: unknown } | { append: unknown } | { entry: [string, unknown] },
  ): void {
    this.flags.push({
      flag: runFlag(field),
      ...(value !== undefined && { value }),
      ...(compose && { compose: { key: composeKey(field), ...compose } }),
    });
  }

  /** A field with one value, the same in both forms unless Compose takes another (a number, a list). */
  set(field: TableField, value: string | undefined, composeValue: unknown = value): void {
    if (value !== undefined) this.add(field, value, { value: composeValue });
  }

  /** A list field: one flag per item, appended to the Compose list. */
  each(field: TableField, values: readonly string[]): void {
    for (const value of values) this.add(field, value, { append: value });
  }

  /** A flag the field table does not name (a part of the healthcheck): carried as it is. */
  raw(flag: RecreatedFlag): void {
    this.flags.push(flag);
  }
}

function identity(recreation: Recreation, inspect: Raw, id: string): void {
  const config = object(inspect['Config']);
  const hostname = text(inspectValue(inspect, 'hostname'));
  if (hostname !== undefined && hostname !== id.slice(0, 12)) recreation.set('hostname', hostname);
  recreation.set('user', text(inspectValue(inspect, 'user')));
  recreation.set('workingDir', text(inspectValue(inspect, 'workingDir')));
  if (inspectValue(inspect, 'tty') === true) recreation.add('tty', undefined, { value: true });
  if (inspectValue(inspect, 'openStdin') === true) recreation.add('openStdin', undefined, { value: true });
  recreation.each('env', strings(inspectValue(inspect, 'env')));
  for (const [key, value] of Object.entries(object(config['Labels']))) {
    if (!COMPOSE_LABEL.test(key) && typeof value === 'string') recreation.each('labels', [`${key}=${value}`]);
  }
}

function ports(recreation: Recreation, inspect: Raw): void {
  for (const [port, bindings] of Object.entries(object(inspectValue(inspect, 'portBindings')))) {
    const [number, protocol] = port.split('/');
    for (const binding of Array.isArray(bindings) ? bindings.map(object) : []) {
      const hostIp = text(binding['HostIp']);
      const published = [
        hostIp?.includes(':') ? `[${hostIp}]` : hostIp,
        text(binding['HostPort']) ?? '',
        `${number}${protocol && protocol !== 'tcp' ? `/${protocol}` : ''}`,
      ];
      recreation.each('portBindings', [(hostIp === undefined ? published.slice(1) : published).join(':')]);
    }
  }
  if (inspectValue(inspect, 'publishAllPorts') === true) {
    recreation.add('publishAllPorts', undefined);
    recreation.gaps.push(`${runFlag('publishAllPorts')} has no Compose form: list the ports`);
  }
}

function storage(recreation: Recreation, inspect: Raw): void {
  recreation.each('binds', strings(inspectValue(inspect, 'binds')));
  const mounts = inspectValue(inspect, 'mounts');
  for (const mount of Array.isArray(mounts) ? mounts.map(object) : []) {
    const parts = [
      `type=${text(mount['Type']) ?? 'volume'}`,
      ...(text(mount['Source']) ? [`source=${text(mount['Source'])}`] : []),
      `target=${text(mount['Target']) ?? ''}`,
      ...(mount['ReadOnly'] === true ? ['readonly'] : []),
    ];
    const volume = `${text(mount['Source']) ?? ''}:${text(mount['Target']) ?? ''}${mount['ReadOnly'] === true ? ':ro' : ''}`;
    recreation.add('mounts', parts.join(','), { append: volume });
  }
  for (const [path, options] of Object.entries(object(inspectValue(inspect, 'tmpfs')))) {
    recreation.each('tmpfs', [typeof options === 'string' && options !== '' ? `${path}:${options}` : path]);
  }
}

/** Namespace modes the daemon fills in on its own; carried over they only add noise. */
const NAMESPACE_DEFAULTS: readonly [TableField, readonly string[]][] = [
  ['pidMode', []],
  ['ipcMode', ['private', 'shareable']],
  ['utsMode', []],
  ['usernsMode', []],
  ['cgroupnsMode', ['private']],
];

function isolation(recreation: Recreation, inspect: Raw): void {
  const network = text(inspectValue(inspect, 'networkMode'));
  if (network !== undefined && network !== 'default' && network !== 'bridge') recreation.set('networkMode', network);
  for (const [field, defaults] of NAMESPACE_DEFAULTS) {
    const value = text(inspectValue(inspect, field));
    if (value !== undefined && !defaults.includes(value)) recreation.set(field, value);
  }
  if (inspectValue(inspect, FIELD.privileged) === true) recreation.add(FIELD.privileged, undefined, { value: true });
  recreation.each('capAdd', strings(inspectValue(inspect, 'capAdd')));
  recreation.each('capDrop', strings(inspectValue(inspect, 'capDrop')));
  recreation.each('securityOpt', strings(inspectValue(inspect, 'securityOpt')));
  const devices = inspectValue(inspect, 'devices');
  for (const device of Array.isArray(devices) ? devices.map(object) : []) {
    const value = [text(device['PathOnHost']), text(device['PathInContainer']), text(device['CgroupPermissions'])]
      .filter(Boolean)
      .join(':');
    recreation.each('devices', [value]);
  }
  recreation.each('deviceCgroupRules', strings(inspectValue(inspect, 'deviceCgroupRules')));
  if (inspectValue(inspect, 'readonlyRootfs') === true) recreation.add('readonlyRootfs', undefined, { value: true });
}

function resources(recreation: Recreation, inspect: Raw): void {
  const memory = positive(inspectValue(inspect, 'memory'));
  if (memory !== undefined) recreation.set('memory', `${memory}b`);
  const nanoCpus = positive(inspectValue(inspect, 'nanoCpus'));
  if (nanoCpus !== undefined) recreation.set('nanoCpus', String(nanoCpus / 1e9), nanoCpus / 1e9);
  for (const field of ['cpuShares', 'cpuQuota', 'pidsLimit'] as const) {
    const value = positive(inspectValue(inspect, field));
    if (value !== undefined) recreation.set(field, String(value), value);
  }
  const restart = object(inspectValue(inspect, 'restartPolicy'));
  const restartName = text(restart['Name']);
  if (restartName !== undefined && restartName !== 'no') {
    const retries = positive(restart['MaximumRetryCount']);
    recreation.set('restartPolicy', restartName === 'on-failure' && retries !== undefined ? `on-failure:${retries}` : restartName);
  }
}

function logging(recreation: Recreation, inspect: Raw): void {
  const log = object(inspectValue(inspect, 'logDriver'));
  const logDriver = text(log['Type']);
  if (logDriver !== undefined && logDriver !== 'json-file') recreation.add('logDriver', logDriver, { entry: ['driver', logDriver] });
  for (const [key, value] of Object.entries(object(log['Config']))) {
    if (typeof value === 'string') recreation.add('logOptions', `${key}=${value}`, { entry: ['options', { [key]: value }] });
  }
}

function runtime(recreation: Recreation, inspect: Raw): void {
  for (const [key, value] of Object.entries(object(inspectValue(inspect, 'sysctls')))) {
    if (typeof value === 'string') recreation.each('sysctls', [`${key}=${value}`]);
  }
  recreation.each('dns', strings(inspectValue(inspect, 'dns')));
  recreation.each('extraHosts', strings(inspectValue(inspect, 'extraHosts')));
  recreation.each('groupAdd', strings(inspectValue(inspect, 'groupAdd')));
  for (const link of strings(inspectValue(inspect, 'links'))) {
    // The daemon stores /db:/web/alias; the flag is db:alias.
    const [linked = '', alias = ''] = link.split(':');
    recreation.each('links', [`${linked.replace(/^\//, '')}:${alias.split('/').at(-1) ?? ''}`]);
  }
  if (inspectValue(inspect, 'init') === true) recreation.add('init', undefined, { value: true });
  const shm = positive(inspectValue(inspect, 'shmSize'));
  if (shm !== undefined && shm !== 64 * 1024 * 1024) recreation.set('shmSize', `${shm}b`);
  recreation.set('stopSignal', text(inspectValue(inspect, 'stopSignal')));
  const engineRuntime = text(inspectValue(inspect, 'runtime'));
  if (engineRuntime !== undefined && engineRuntime !== 'runc') recreation.set('runtime', engineRuntime);
  recreation.set('cgroupParent', text(inspectValue(inspect, 'cgroupParent')));
  const ulimits = inspectValue(inspect, 'ulimits');
  for (const limit of Array.isArray(ulimits) ? ulimits.map(object) : []) {
    const value = `${text(limit['Name']) ?? ''}=${String(limit['Soft'])}:${String(limit['Hard'])}`;
    recreation.add('ulimits', value, { entry: [text(limit['Name']) ?? '', { soft: limit['Soft'], hard: limit['Hard'] }] });
  }
}

export function recreateContainer(raw: unknown): RecreatedContainer {
  const inspect = object(raw);
  const config = object(inspect['Config']);
  const id = text(inspect['Id']) ?? '';
  const name = (text(inspect['Name']) ?? id.slice(0, 12)).replace(/^\//, '');
  const recreation = new Recreation();
  recreation.raw({ flag: '--name', value: name });
  identity(recreation, inspect, id);
  ports(recreation, inspect);
  storage(recreation, inspect);
  isolation(recreation, inspect);
  resources(recreation, inspect);
  logging(recreation, inspect);
  runtime(recreation, inspect);
  for (const flag of healthcheckFlags(object(inspectValue(inspect, FIELD.healthcheck)))) recreation.raw(flag);

  // docker run --entrypoint takes one word; the rest of the entrypoint goes before the command, which runs the same argv.
  const [entrypoint, ...entrypointArgs] = strings(inspectValue(inspect, 'entrypoint'));
  if (entrypoint !== undefined) recreation.add('entrypoint', entrypoint, { value: strings(inspectValue(inspect, 'entrypoint')) });
  const cmd = strings(config['Cmd']);
  return {
    name,
    image: text(config['Image']) ?? text(inspect['Image']) ?? '',
    flags: recreation.flags,
    runArguments: [...entrypointArgs, ...cmd],
    cmd,
    composeGaps: recreation.gaps,
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
