import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { holdsSeveralDocuments, mapEntry, parseLocatedYaml } from './located-yaml.js';

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

  it('refuses what docker compose refuses and the yaml library half-reads: unknown aliases, merges of non-maps, control characters', () => {
    expect(problem('a: &x 1\nb: *y\n')).toBe('f.yaml:2:4: invalid YAML: no anchor &y before the alias *y');
    expect(problem('b: *x\na: &x 1\n')).toBe('f.yaml:1:4: invalid YAML: no anchor &x before the alias *x');
    expect(problem('l: &l [1, 2]\ns:\n  <<: *l\n')).toBe('f.yaml:3:3: invalid YAML: a merge key (<<) takes a map or a list of maps');
    expect(problem('m: &m {a: 1}\ns:\n  <<: [*m, 3]\n')).toBe('f.yaml:3:3: invalid YAML: a merge key (<<) takes a map or a list of maps');
    expect(problem('x: &\u0000base 1\n')).toBe('f.yaml:1:5: invalid YAML: the character U+0000 is not allowed in YAML');
    expect(problem('a: 1\nb: "\u001b[31m"\n')).toBe('f.yaml:2:5: invalid YAML: the character U+001B is not allowed in YAML');
    expect(problem('\uFEFFa: "tab\there"\r\nb: ünï ☃\n')).toBe('parsed');
    expect(problem('\uFEFFa: 1\nx: &\uFEFFbase 1\n')).toBe('f.yaml:2:5: invalid YAML: the character U+FEFF is not allowed past the start');
  });

  it('merges a list of maps as YAML and docker compose do: the earlier map wins, and its own keys over both', () => {
    const root = parseLocatedYaml('a: &a {x: 1, y: 1}\nb: &b {x: 2, z: 2}\nc:\n  <<: [*a, *b]\n  y: 3\n', 'f.yaml');
    const value = (key: string) => {
      const located = mapEntry(mapEntry(root, 'c'), key);
      return located?.kind === 'scalar' ? located.value : undefined;
    };
    expect([value('x'), value('y'), value('z')]).toEqual([1, 3, 2]);
  });
});

describe('holdsSeveralDocuments', () => {
  it('says so only where the yaml library reads more than one document with content', () => {
    const cases: [string, boolean][] = [
      ['a: 1\n', false],
      ['---\na: 1\n', false],
      ['# a chart\n---\na: 1\n---\n# nothing rendered\n', false],
      ['a: |\n  ---\n  b\n', false],
      ['a: "x\n  --- y"\n', false],
      ['a: 1\n---\nb: 2\n', true],
      ['a: 1\n--- # second\n- b\n', true],
      ['a: [unclosed\n---\nb: 2\n', true],
      // Where the `---` lines do not split it exactly, the parsers decide.
      ['%YAML 1.2\n---\na: 1\n...\n---\nb: 2\n', false],
      ['a: 1\n--- b: 2\n', false],
    ];
    for (const [text, several] of cases) {
      expect([text, holdsSeveralDocuments(text)]).toEqual([text, several]);
      const withContent = parseAllDocuments(text).filter((document) => document.contents !== null);
      if (several) expect([text, withContent.length]).toEqual([text, 2]);
    }
  });
});
