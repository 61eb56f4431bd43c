import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { composeFile, mutate, Random } from '../../test/fuzz/generators.js';
import { libraryDocument, libraryStream, parseLocatedYaml, parseLocatedYamlStream, type Located } from './located-yaml.js';

/** Every YAML file of the Kubernetes corpora and the test fixtures: the quick path must read each exactly as the yaml library does. */
function yamlFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

const ROOT = join(import.meta.dirname, '../..');
const FILES = [...yamlFiles(join(ROOT, 'test/corpus/kubernetes')), ...yamlFiles(join(ROOT, 'test/fixtures'))];

/** One document's reading, or the message of the error it is. */
function documentReading(read: () => Located): Located | string {
  try {
    return read();
  } catch (error) {
    return (error as Error).message;
  }
}

const reading = (result: ReturnType<typeof parseLocatedYamlStream>) => ({
  documents: result.documents,
  problems: result.problems.map((problem) => problem.message),
});

describe('the quick YAML path', () => {
  it(`reads ${FILES.length} files of the corpora and fixtures as the yaml library does`, () => {
    expect(FILES.length).toBeGreaterThan(100);
    for (const file of FILES) {
      const text = readFileSync(file, 'utf8');
      expect(reading(parseLocatedYamlStream(text, file)), file).toEqual(reading(libraryStream(text, file)));
    }
  });

  it.each([
    ['flow collections and quoted scalars', 'a: {b: [1, "two", \'three\'], c: {d: null}}\nlist: [ {x: 1}, {y: 2} ]\n'],
    ['block scalars', 'script: |\n  echo one\n  echo two\nfolded: >-\n  a\n  b\nafter: 1\n'],
    ['comments everywhere', '# head\na: 1 # tail\n# between\nb:\n  # inside\n  - 1\n  - 2 # x\n'],
    ['documents with markers and comments', '---\n# Source: x\na: 1\n--- # second\nb: 2\n---\n\n---\nc: [3]\n'],
    ['a scalar document and a list document', '--- \nplain words\n---\n- a\n- b\n'],
    ['numbers, booleans and nulls of the core schema', 'a: 0x1F\nb: 1e3\nc: .inf\nd: ~\ne: yes\nf: True\ng: 010\nh: -0.5\n'],
    ['keys that are numbers or quoted', '1: one\n"two words": 2\n? explicit\n: value\n'],
    ['anchors, aliases and merge keys', 'base: &b {x: 1}\nuse: *b\nmerged:\n  <<: *b\n  y: 2\n'],
    ['tags', 'a: !!str 123\nb: !custom x\n'],
    ['a key without a value, in flow and in block', 'a: {b, c: 1}\nd:\n'],
    ['a syntax error in one document of several', 'a: 1\n---\nb: [unclosed\n---\nc: 3\n'],
    ['a repeated key', 'a: 1\na: 2\n'],
    ['Windows line ends', 'a: 1\r\nb:\r\n  - x\r\n---\r\nc: 2\r\n'],
    ['a directive', '%YAML 1.2\n---\na: 1\n'],
    ['a document end marker', 'a: 1\n...\n---\nb: 2\n'],
    ['content on the marker line', '--- {a: 1}\n--- b: 2\n'],
    ['a byte-order mark', '\uFEFFa: 1\n'],
    ['tabs and trailing spaces', 'a:\t1   \nb:   \n  c: 2\t\n'],
    ['a multi-line plain scalar', 'a: one\n  two\n  three\nb: 2\n'],
    ['empty and comment-only documents', '# only a comment\n---\n---\n   \n---\na: 1\n'],
    ['a marker after a lone carriage return, which starts no line', 'a: 1\r---\nb: 2\n---\nc: 3\n'],
    ['markers at the very start and the very end', '---\na: 1\n---'],
    ['a marker with a comment and Windows line ends', 'a: 1\r\n--- # two\r\nb: 2\r\n'],
  ])('reads %s as the yaml library does', (_, text) => {
    expect(reading(parseLocatedYamlStream(text, 'f.yaml'))).toEqual(reading(libraryStream(text, 'f.yaml')));
  });
});

describe('the quick YAML path for one document (Compose files, configurations)', () => {
  const same = (text: string, file = 'compose.yaml') =>
    expect(
      documentReading(() => parseLocatedYaml(text, file)),
      file,
    ).toEqual(documentReading(() => libraryDocument(text, file)));

  it(`reads the ${FILES.length} files of the corpora and fixtures as the yaml library does`, () => {
    for (const file of FILES) same(readFileSync(file, 'utf8'), file);
  });

  it.each([
    [
      'an anchored block mapping merged into services',
      'x-base: &base\n  cap_drop: [ALL]\n  read_only: true\nservices:\n  web:\n    <<: *base\n    image: nginx\n',
    ],
    ['merge keys of a list, where the earlier map wins', 'a: &a {x: 1, y: 1}\nb: &b {x: 2, z: 2}\nc:\n  <<: [*a, *b]\n  y: 3\n'],
    ['an explicit key over a merged one', 'a: &a {image: one}\ns:\n  image: two\n  <<: *a\n'],
    ['aliases of scalars and sequences', 'v: &v [1, 2]\ns: &s text\nuse: {list: *v, word: *s}\nmore:\n  - *s\n  - *v\n'],
    ['an anchor redefined, an alias taking the latest', 'a: &x 1\nb: *x\nc: &x 2\nd: *x\n'],
    ['an anchor on the line after its key', 'a:\n  &x\n  b: 1\nc: *x\n'],
    ['an anchor before a comment', 'a: &x # note\n  b: 1\nc: *x\n'],
    ['an anchor on an empty value', 'a: &x\nb: *x\n'],
    ['an alias before its anchor', 'a: *x\nb: &x 1\n'],
    ['an alias of the node it is in', 'a: &x [*x]\n'],
    ['an alias as a key', 'k: &k name\nm: {*k : v}\n'],
    ['a merge key that is not a map', 'a: &a [1]\nb:\n  <<: *a\n'],
    ['a merge key of null', 'b:\n  <<:\n  c: 1\n'],
    ['nested merges', 'a: &a {x: 1}\nb: &b {<<: *a, y: 2}\nc: {<<: *b, z: 3}\n'],
    ['several documents', 'services: {}\n---\nservices: {}\n'],
    [
      'an alias bomb',
      'a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n',
    ],
    ['comments only', '# nothing here\n'],
  ])('reads %s as the yaml library does', (_, text) => same(text));

  it('reads Compose files written in every style, and mutations of them, as the yaml library does', () => {
    fc.assert(
      fc.property(fc.gen(), (draw) => {
        const random = new Random(draw);
        const text = composeFile(random);
        same(text);
        same(mutate(random, text));
      }),
      { seed: 22, numRuns: 400 },
    );
  });
});
