import { describe, expect, it } from 'vitest';
import { describeFileSources, FILE_SOURCES, fileSource } from './registry.js';

/** The adapter that reads a file, as lint's discovery decides: by name, then by content in registry order. */
function claimant(path: string, text = ''): string | undefined {
  const named = FILE_SOURCES.find((adapter) => adapter.claimsName(path) === 'claims');
  if (named) return named.name;
  return FILE_SOURCES.find((adapter) => adapter.claimsName(path) === 'by-content' && adapter.claimsContent(text, path))?.name;
}

describe('the source registry', () => {
  it.each([
    ['compose.yaml', '', 'compose'],
    ['deploy/docker-compose.prod.yml', '', 'compose'],
    ['docker-compose.yml.example', '', 'compose'],
    ['compose.yaml.dist', '', 'compose'],
    ['stack.yml', 'services:\n  web:\n    image: x\n', 'compose'],
    ['.gitlab-ci.yml', 'services:\n  - docker:dind\n', 'ci-yaml'],
    ['catalog.yaml', 'services:\n  api:\n    description: the public API\n    owner: team-a\n', 'ci-yaml'],
    ['empty.yaml', 'services: {}\n', 'compose'],
    ['scripts/start.sh', '', 'shell'],
    ['Makefile', '', 'makefile'],
    ['scripts/start.ps1', '', 'windows-script'],
    ['run.cmd', '', 'windows-script'],
    ['rules.mk', '', 'makefile'],
    ['README.md', '', 'markdown'],
    ['inspect.json', '[{"Id": "abc", "HostConfig": {}}]', 'inspect-json'],
    ['web.container', '', 'quadlet'],
    ['stack.kube', '', 'quadlet'],
    ['edge.pod', '', 'quadlet'],
    ['package.json', '{"name": "x"}', undefined],
    ['notes.txt', '', undefined],
  ])('%s is read by %s', (path, text, adapter) => {
    expect(claimant(path, text)).toBe(adapter);
  });

  it('names every adapter once, and describes them all for a file none claims', () => {
    const names = FILE_SOURCES.map((adapter) => adapter.name);
    expect(new Set(names).size).toBe(names.length);
    expect(describeFileSources()).toBe(
      'a Kubernetes manifest, a Compose file, a Quadlet unit, a shell script, a PowerShell or cmd script, a Makefile, Markdown, CI YAML ' +
        'or docker or podman inspect JSON',
    );
    expect(() => fileSource('helm')).toThrow(/no source adapter/);
  });

  it('gives each kind of target its runtime and whether the image is known', () => {
    expect(fileSource('compose').kind).toMatchObject({ id: 'compose', imageDefaultsKnown: false, runtime: { name: 'docker' } });
    expect(fileSource('inspect-json').kind).toMatchObject({ id: 'inspect-file', imageDefaultsKnown: true });
    expect(fileSource('markdown').kind).toBe(fileSource('shell').kind);
    expect(fileSource('quadlet').kind).toMatchObject({
      id: 'quadlet',
      syntax: 'quadlet',
      imageDefaultsKnown: false,
      runtime: { name: 'podman' },
    });
  });
});
