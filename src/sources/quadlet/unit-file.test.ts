import { describe, expect, it } from 'vitest';
import { booleanValue, entriesOf, lastEntryOf, parseUnitFile, singleValue, splitWords } from './unit-file.js';

describe('systemd unit file syntax, as Quadlet reads it (issue 20)', () => {
  it('reads sections, keys with white space around =, # and ; comments, and merges sections of one name', () => {
    const unit = parseUnitFile(
      ['# head', '[Container]', 'Image = web:1', '; note', '', '[Service]', 'Restart=always', '[Container]', '  Memory=  512m  '].join(
        '\n',
      ),
    );
    expect(unit.problems).toEqual([]);
    const container = unit.sections.get('Container');
    expect(container?.at).toEqual({ line: 2, column: 1 });
    expect(container?.entries.map(({ key, value }) => [key, value])).toEqual([
      ['Image', 'web:1'],
      ['Memory', '512m'],
    ]);
    expect(lastEntryOf(container, 'Memory')?.at).toEqual({ line: 9, column: 3 });
    expect(unit.sections.get('Service')?.entries[0]?.value).toBe('always');
  });

  it('joins continued lines, skipping comments between them, and keeps where each piece stands', () => {
    const text = ['[Container]', 'AddCapability=NET_ADMIN \\', '# why', '    SYS_TIME \\', '  CHOWN', 'Image=x'].join('\n');
    const unit = parseUnitFile(text);
    const entry = lastEntryOf(unit.sections.get('Container'), 'AddCapability');
    expect(entry?.value).toBe('NET_ADMIN SYS_TIME CHOWN');
    expect(entry?.endLine).toBe(6);
    expect(splitWords(entry ?? { key: '', value: '', at: { line: 0, column: 0 }, endLine: 0, pieces: [] }).words).toEqual([
      { text: 'NET_ADMIN', at: { line: 2, column: 15 } },
      { text: 'SYS_TIME', at: { line: 4, column: 5 } },
      { text: 'CHOWN', at: { line: 5, column: 3 } },
    ]);
  });

  it('splits words with quotes and C escapes, and says when a quote is left open', () => {
    const unit = parseUnitFile(
      ['[Container]', 'Environment="GREETING=hello world" MODE=prod \'A=b c\' X=a\\x', 'Label="unclosed=yes'].join('\n'),
    );
    const section = unit.sections.get('Container');
    const environment = splitWords(lastEntryOf(section, 'Environment') ?? fail());
    expect(environment.words.map((word) => word.text)).toEqual(['GREETING=hello world', 'MODE=prod', 'A=b c', 'X=ax']);
    expect(environment.words[1]?.at).toEqual({ line: 2, column: 36 });
    expect(environment.unclosedQuote).toBe(false);
    expect(splitWords(lastEntryOf(section, 'Label') ?? fail()).unclosedQuote).toBe(true);
  });

  it('reads the last entry of a single-valued key, quotes taken off, and an empty entry clearing a list', () => {
    const unit = parseUnitFile(
      ['[Container]', 'User=1', 'User="10001"', 'Volume=/a:/a', 'Volume=', 'Volume=/b:/b', 'ReadOnly=yes', 'Notify=maybe'].join('\n'),
    );
    const section = unit.sections.get('Container');
    expect(singleValue(lastEntryOf(section, 'User') ?? fail())).toBe('10001');
    expect(entriesOf(section, 'Volume').map((entry) => entry.value)).toEqual(['/b:/b']);
    expect(booleanValue(lastEntryOf(section, 'ReadOnly') ?? fail())).toBe(true);
    expect(booleanValue(lastEntryOf(section, 'Notify') ?? fail())).toBe(false);
  });

  it('reports what Quadlet would refuse at its line, and reads every other line', () => {
    const unit = parseUnitFile(
      ['Image=before-any-section', '[Container]', 'not a key', '[]', 'Image=web:1', '[Service]', 'x=1'].join('\n'),
    );
    expect(unit.problems).toEqual([
      { at: { line: 1, column: 1 }, problem: 'a key outside any valid [Section]' },
      { at: { line: 3, column: 1 }, problem: 'not a Key=Value line, a [Section] header or a comment' },
      { at: { line: 4, column: 1 }, problem: 'invalid section name []' },
      { at: { line: 5, column: 1 }, problem: 'a key outside any valid [Section]' },
    ]);
    // After an invalid header, keys have no section until the next valid one.
    expect(unit.sections.get('Container')?.entries).toEqual([]);
    expect(unit.sections.get('Service')?.entries.map((entry) => entry.key)).toEqual(['x']);
  });
});

function fail(): never {
  throw new Error('missing entry');
}
