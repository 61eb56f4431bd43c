import { describe, expect, it } from 'vitest';
import { findSuppressions } from './inline-suppressions.js';

describe('inline suppression comments', () => {
  it('reads rules, the reason and the place, with or without a reason', () => {
    const { suppressions, problems } = findSuppressions(
      'a: 1\n  # dockward-ignore privileged,host-pid -- the debugger needs it\nb: 2 # dockward-ignore all\n',
      'f.yaml',
    );
    expect(problems).toEqual([]);
    expect(suppressions).toEqual([
      { file: 'f.yaml', line: 2, column: 3, rules: ['privileged', 'host-pid'], reason: 'the debugger needs it' },
      { file: 'f.yaml', line: 3, column: 6, rules: ['all'] },
    ]);
  });

  it('reports a comment meant as one but not written as one, at its place (issue 18)', () => {
    const text = [
      '# dockward-ignore=privileged',
      '  #dockward-ignore: host-pid -- why',
      '# DOCKWARD-IGNORE',
      '# dockward-ignored is a word here? no',
    ].join('\n');
    const { suppressions, problems } = findSuppressions(text, 'run.sh');
    expect(suppressions).toEqual([]);
    expect(problems.map((problem) => problem.message)).toEqual([
      'run.sh:1:1: not a suppression comment dockward can read: write # dockward-ignore RULE[,RULE…] -- reason',
      'run.sh:2:3: not a suppression comment dockward can read: write # dockward-ignore RULE[,RULE…] -- reason',
      'run.sh:3:1: not a suppression comment dockward can read: write # dockward-ignore RULE[,RULE…] -- reason',
    ]);
  });

  it('finds a mention in any case when it is the only one of a long file', () => {
    const text = `${'a: 1\n'.repeat(1000)}b: 2 # Dockward-Ignore privileged\n`;
    expect(findSuppressions(text, 'f.yaml').problems.map((problem) => problem.message)).toEqual([
      'f.yaml:1001:6: not a suppression comment dockward can read: write # dockward-ignore RULE[,RULE…] -- reason',
    ]);
  });
});
