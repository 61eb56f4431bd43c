import { describe, expect, it } from 'vitest';
import { parseLocatedYaml } from './located-yaml.js';

const problem = (text: string) => {
  try {
    parseLocatedYaml(text, 'f.yaml');
  } catch (error) {
    return (error as Error).message;
  }
  return 'parsed';
};

describe('parseLocatedYaml', () => {
  it('reports a repeated key at its second writing', () => {
    expect(problem('services:\n  a:\n    image: x\n  a:\n    image: y\n')).toBe('f.yaml:4:3: invalid YAML: Map keys must be unique');
  });

  it('reads a merge key in every service of a large file, and stops an alias bomb (issue 17)', () => {
    const defaults = `x-defaults: &defaults\n  environment:\n${Array.from({ length: 50 }, (_, i) => `    V${i}: v`).join('\n')}\n`;
    const services = Array.from({ length: 5000 }, (_, i) => `  s${i}:\n    <<: *defaults\n    image: x`).join('\n');
    expect(problem(`${defaults}services:\n${services}\n`)).toBe('parsed');
    const levels = Array.from({ length: 8 }, (_, i) => `l${i + 1}: &l${i + 1} [${Array(9).fill(`*l${i}`).join(', ')}]`);
    expect(problem(['l0: &l0 [x, x, x, x, x, x, x, x, x]', ...levels].join('\n'))).toMatch(
      /^f\.yaml:\d+:\d+: YAML aliases here expand to more values than a configuration holds/,
    );
  });
});
