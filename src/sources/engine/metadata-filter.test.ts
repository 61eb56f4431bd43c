import { describe, expect, it } from 'vitest';
import { metadataFilterFromRules } from './metadata-filter.js';

const chain = (...rules: string[]) => ['-N DOCKER-USER', ...rules].join('\n');

describe('metadataFilterFromRules', () => {
  it("is open with only Docker's default RETURN", () => {
    expect(metadataFilterFromRules(chain('-A DOCKER-USER -j RETURN'))).toBe('open');
  });
  it('is blocked by a DROP or REJECT whose destination covers 169.254.169.254', () => {
    expect(metadataFilterFromRules(chain('-A DOCKER-USER -d 169.254.169.254/32 -j DROP', '-A DOCKER-USER -j RETURN'))).toBe('blocked');
    expect(metadataFilterFromRules(chain('-A DOCKER-USER -d 169.254.0.0/16 -p tcp -j REJECT --reject-with icmp-port-unreachable'))).toBe(
      'blocked',
    );
    expect(metadataFilterFromRules(chain('-A DOCKER-USER -s 172.16.0.0/12 -d 169.254.169.254 -j DROP'))).toBe('blocked');
  });
  it('is open when the drop comes after an unconditional RETURN, targets another address, or is negated', () => {
    expect(metadataFilterFromRules(chain('-A DOCKER-USER -j RETURN', '-A DOCKER-USER -d 169.254.169.254/32 -j DROP'))).toBe('open');
    expect(metadataFilterFromRules(chain('-A DOCKER-USER -d 10.0.0.0/8 -j DROP'))).toBe('open');
    expect(metadataFilterFromRules(chain('-A DOCKER-USER ! -d 169.254.169.254/32 -j DROP'))).toBe('open');
  });
  it('is not ended by a conditional RETURN', () => {
    expect(metadataFilterFromRules(chain('-A DOCKER-USER -i eth1 -j RETURN', '-A DOCKER-USER -d 169.254.169.254/32 -j DROP'))).toBe(
      'blocked',
    );
  });
});
