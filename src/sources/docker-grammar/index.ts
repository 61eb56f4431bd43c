/** Docker's value grammars, one per file: every source adapter and `fix` read Docker syntax through these. */
export { parseBytes } from './bytes.js';
export { parseNanoCpus } from './cpus.js';
export { parseDevice, DEFAULT_DEVICE_PERMISSIONS } from './device.js';
export { parseEnv, parseKeyValue } from './env.js';
export { parseMount, type ParsedMount } from './mount.js';
export { parsePublish, parsePublishWithPortVariables, PUBLISH_GRAMMAR } from './publish.js';
export { parseRestart, SWARM_RESTART_CONDITIONS, type RestartPolicy } from './restart.js';
export { parseSecurityOpt } from './security-opt.js';
export { parseTmpfs, splitTmpfsOptions } from './tmpfs.js';
export { parseUlimit, type Ulimit } from './ulimit.js';
export { parseVolume, parseVolumesFrom, PROPAGATIONS } from './volume.js';
