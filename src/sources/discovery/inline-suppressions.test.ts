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
});
