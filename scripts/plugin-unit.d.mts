/** The node flags on the ExecStart line of the README's systemd unit for the plugin. */
export function unitNodeFlags(): string[];
