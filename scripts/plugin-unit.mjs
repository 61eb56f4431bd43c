// The node flags the README's systemd unit starts the plugin with, read from
// its ExecStart line, so that the tests and benchmarks that measure the plugin
// "as the unit runs it" cannot drift from what users are told to install.
import { readFileSync } from 'node:fs';

export function unitNodeFlags() {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const execStart = /^\s*ExecStart=\S*node((?: --\S+)*) \S*dockward authz serve/m.exec(readme);
  if (execStart === null) throw new Error('README.md has no ExecStart line that runs node … dockward authz serve');
  return execStart[1].trim().split(' ');
}
