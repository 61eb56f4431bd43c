/**
 * `--cpus 1.5` and Compose's `cpus`: a decimal number of CPUs, which the
 * docker CLI stores as HostConfig.NanoCpus (docker/cli opts.NanoCPUs, 1e9 per
 * CPU). Undefined when it is not a number.
 */
export function parseNanoCpus(value: string | undefined): number | undefined {
  const cpus = Number(value);
  return Number.isFinite(cpus) ? Math.round(cpus * 1e9) : undefined;
}
