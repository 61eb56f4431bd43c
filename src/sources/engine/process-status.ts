import { readFile } from 'node:fs/promises';
import { decodeCapabilityMask } from '../../model/capabilities.js';

export interface ProcessStatus {
  capabilities: string[];
  noNewPrivileges: boolean;
}

/**
 * What a container's main process really holds (CapEff and NoNewPrivs in
 * /proc/<pid>/status), when this process can see it. The pid comes from the
 * engine and is only meaningful in the host's PID namespace, so the process's
 * cgroup must name the container before we trust it.
 */
export async function readProcessStatus(pid: number, containerId: string): Promise<ProcessStatus | undefined> {
  try {
    const [cgroup, status] = await Promise.all([readFile(`/proc/${pid}/cgroup`, 'utf8'), readFile(`/proc/${pid}/status`, 'utf8')]);
    if (!cgroup.includes(containerId)) return undefined;
    const mask = /^CapEff:\s*([0-9a-f]+)$/m.exec(status)?.[1];
    const noNewPrivs = /^NoNewPrivs:\s*(\d)$/m.exec(status)?.[1];
    if (mask === undefined || noNewPrivs === undefined) return undefined;
    return { capabilities: decodeCapabilityMask(mask), noNewPrivileges: noNewPrivs === '1' };
  } catch {
    return undefined;
  }
}
