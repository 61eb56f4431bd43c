import { execFile } from 'node:child_process';
import { BlockList } from 'node:net';
import { promisify } from 'node:util';

/** The instance metadata service of AWS, GCP, Azure, OpenStack and most other clouds. */
export const METADATA_ADDRESS = '169.254.169.254';

const run = promisify(execFile);

/**
 * Decides from `iptables -S DOCKER-USER` output whether container traffic to
 * the metadata address is dropped. Docker sends forwarded container traffic
 * through DOCKER-USER first; rules apply in order, and an unconditional
 * RETURN or ACCEPT ends the chain for everything after it.
 */
export function metadataFilterFromRules(rules: string): 'blocked' | 'open' {
  for (const line of rules.split('\n')) {
    const words = line.trim().split(/\s+/);
    if (words[0] !== '-A' || words[1] !== 'DOCKER-USER') continue;
    const option = (name: string) => {
      const at = words.indexOf(name);
      return at === -1 ? undefined : words[at + 1];
    };
    const target = option('-j');
    const destination = option('-d');
    const conditions = words.slice(2).filter((word, index, all) => word.startsWith('-') && word !== '-j' && all[index - 1] !== '-j');
    if ((target === 'RETURN' || target === 'ACCEPT') && conditions.length === 0) return 'open';
    if ((target === 'DROP' || target === 'REJECT') && destination !== undefined && !words.includes('!') && coversMetadata(destination)) {
      return 'blocked';
    }
  }
  return 'open';
}

function coversMetadata(destination: string): boolean {
  const [address = '', prefix = '32'] = destination.split('/');
  const range = new BlockList();
  try {
    range.addSubnet(address, Number(prefix), 'ipv4');
  } catch {
    return false;
  }
  return range.check(METADATA_ADDRESS, 'ipv4');
}

/**
 * Reads the local DOCKER-USER chain with one iptables call per scan. Undefined
 * when it cannot be read (no iptables, not root, no such chain): then nothing
 * is claimed either way.
 */
export async function readMetadataFilter(): Promise<'blocked' | 'open' | undefined> {
  try {
    const { stdout } = await run('iptables', ['-w', '2', '-S', 'DOCKER-USER'], { timeout: 5_000 });
    return metadataFilterFromRules(stdout);
  } catch {
    return undefined;
  }
}
