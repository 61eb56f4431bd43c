import type { GoType } from '../../model/go-json.js';

/**
 * The Engine API request bodies the plugin judges, as Go types: the structs
 * of moby's api/types (container.Config, container.HostConfig with its
 * embedded Resources, mount.Mount, container.UpdateConfig, ExecConfig,
 * swarm.ServiceSpec, PluginPrivilege, volume.CreateOptions) and
 * runconfig.ContainerConfigWrapper, under their JSON names. Only fields that
 * bear on isolation are typed; others are left out, and Go ignores a key of
 * no field the same way, so leaving one out never hides a setting dockerd applies.
 */

const string: GoType = { kind: 'string' };
const bool: GoType = { kind: 'bool' };
const int: GoType = { kind: 'int' };
const uint: GoType = { kind: 'uint' };
const strslice: GoType = { kind: 'strslice' };
const strings: GoType = { kind: 'slice', of: string };
const stringMap: GoType = { kind: 'map', of: string };
const pointer = (type: GoType): GoType => ({ ...type, nullable: true });
const struct = (fields: Record<string, GoType>): GoType => ({ kind: 'struct', fields });
const slice = (of: GoType): GoType => ({ kind: 'slice', of });

const MOUNT = struct({
  Type: string,
  Source: string,
  Target: string,
  ReadOnly: bool,
  BindOptions: pointer(struct({ Propagation: string, NonRecursive: bool })),
  VolumeOptions: pointer(struct({ NoCopy: bool, Labels: stringMap, DriverConfig: pointer(struct({ Name: string, Options: stringMap })) })),
  TmpfsOptions: pointer(struct({ SizeBytes: int, Mode: uint, Options: slice(strings) })),
});

/** container.Resources, embedded in HostConfig (its fields sit beside HostConfig's own) and alone in UpdateConfig. */
const RESOURCES: Record<string, GoType> = {
  CpuShares: int,
  Memory: int,
  NanoCpus: int,
  CgroupParent: string,
  CpuPeriod: int,
  CpuQuota: int,
  CpusetCpus: string,
  Devices: slice(struct({ PathOnHost: string, PathInContainer: string, CgroupPermissions: string })),
  DeviceCgroupRules: strings,
  MemorySwap: int,
  PidsLimit: pointer(int),
  Ulimits: slice(pointer(struct({ Name: string, Hard: int, Soft: int }))),
};

const HOST_CONFIG_FIELDS: Record<string, GoType> = {
  Binds: strings,
  LogConfig: struct({ Type: string, Config: stringMap }),
  NetworkMode: string,
  PortBindings: { kind: 'map', of: slice(struct({ HostIp: string, HostPort: string })) },
  RestartPolicy: struct({ Name: string, MaximumRetryCount: int }),
  VolumeDriver: string,
  VolumesFrom: strings,
  CapAdd: strslice,
  CapDrop: strslice,
  CgroupnsMode: string,
  IpcMode: string,
  Links: strings,
  PidMode: string,
  Privileged: bool,
  PublishAllPorts: bool,
  ReadonlyRootfs: bool,
  SecurityOpt: strings,
  Tmpfs: stringMap,
  UTSMode: string,
  UsernsMode: string,
  Sysctls: stringMap,
  Runtime: string,
  Mounts: slice(MOUNT),
  MaskedPaths: strings,
  ReadonlyPaths: strings,
  Init: pointer(bool),
  ...RESOURCES,
};

export const HOST_CONFIG = pointer(struct(HOST_CONFIG_FIELDS));

const CONFIG_FIELDS: Record<string, GoType> = {
  User: string,
  Env: strings,
  Cmd: strslice,
  Entrypoint: strslice,
  Healthcheck: pointer(struct({ Test: strings })),
  Image: string,
  Labels: stringMap,
};

/**
 * The create body as dockerd 20.10 reads it (runconfig.ContainerConfigWrapper):
 * Config's fields at the top, HostConfig and NetworkingConfig beside them, and
 * the deprecated HostConfig fields at the top as well (embedded *HostConfig),
 * which that daemon applies when the body has no HostConfig.
 */
export const CREATE_REQUEST = struct({
  ...CONFIG_FIELDS,
  HostConfig: HOST_CONFIG,
  NetworkingConfig: pointer(struct({ EndpointsConfig: { kind: 'map', of: struct({}) } })),
  ...HOST_CONFIG_FIELDS,
});

/** The HostConfig fields dockerd 20.10 copies from the top level into a HostConfig that leaves them out (getHostConfig). */
export const TOP_LEVEL_FILLS = ['Memory', 'MemorySwap', 'CpuShares', 'CpusetCpus', 'VolumeDriver'] as const;

/** Keys of the top-level deprecated HostConfig fields, to tell them from Config's. */
export const HOST_CONFIG_KEYS: readonly string[] = Object.keys(HOST_CONFIG_FIELDS);

/** POST /containers/{id}/update: container.UpdateConfig, Resources embedded. */
export const UPDATE_REQUEST = struct({ ...RESOURCES, RestartPolicy: struct({ Name: string, MaximumRetryCount: int }) });

/** POST /containers/{id}/exec: types.ExecConfig. */
export const EXEC_REQUEST = struct({ User: string, Privileged: bool, Env: strings, Cmd: strslice, WorkingDir: string });

/** POST /plugins/pull, /plugins/{name}/upgrade: the privileges granted, [{Name, Description, Value}]. */
export const PLUGIN_PRIVILEGES = slice(struct({ Name: string, Description: string, Value: strings }));

/** POST /plugins/{name}/set: ["key=value", …]. */
export const PLUGIN_SETTINGS = strings;

/** POST /volumes/create: volume.CreateOptions. */
export const VOLUME_CREATE = struct({ Name: string, Driver: string, DriverOpts: stringMap, Labels: stringMap });

const SERVICE_MOUNT = MOUNT;

/** POST /services/create and /services/{id}/update: swarm.ServiceSpec, the parts that shape a task's container. */
export const SERVICE_SPEC = struct({
  Name: string,
  Labels: stringMap,
  TaskTemplate: struct({
    ContainerSpec: pointer(
      struct({
        Image: string,
        Labels: stringMap,
        Command: strings,
        Args: strings,
        Hostname: string,
        Env: strings,
        User: string,
        Groups: strings,
        Privileges: pointer(
          struct({
            NoNewPrivileges: bool,
            SELinuxContext: pointer(struct({ Disable: bool, User: string, Role: string, Type: string, Level: string })),
            Seccomp: pointer(struct({ Mode: string, Profile: { kind: 'ignored' } })),
            AppArmor: pointer(struct({ Mode: string })),
          }),
        ),
        ReadOnly: bool,
        Mounts: slice(SERVICE_MOUNT),
        Healthcheck: pointer(struct({ Test: strings })),
        Init: pointer(bool),
        Sysctls: stringMap,
        CapabilityAdd: strings,
        CapabilityDrop: strings,
        Ulimits: slice(pointer(struct({ Name: string, Hard: int, Soft: int }))),
      }),
    ),
    Resources: pointer(struct({ Limits: pointer(struct({ NanoCPUs: int, MemoryBytes: int, Pids: int })) })),
    Networks: slice(struct({ Target: string, Aliases: strings })),
  }),
  Networks: slice(struct({ Target: string, Aliases: strings })),
  EndpointSpec: pointer(
    struct({
      Mode: string,
      Ports: slice(struct({ Name: string, Protocol: string, TargetPort: uint, PublishedPort: uint, PublishMode: string })),
    }),
  ),
});
