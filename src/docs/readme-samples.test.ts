import { describe, expect, it } from 'vitest';
import { renderSamples, sampleArguments } from './readme-samples.js';

describe('README samples', () => {
  it('fills each block from what dockward printed for it, and leaves the rest alone, even output holding backticks', () => {
    const readme =
      'intro\n<!-- sample: lint a.yaml -->\n```console\n```\n\nmiddle\n<!-- sample: scan -q -->\n```console\n$ old\nstale\n```\nend\n';
    const output = (args: readonly string[]) => (args[0] === 'lint' ? 'a.yaml\n  1:1  fix: `ports: ["127.0.0.1:80:80"]`\n' : 'fresh\n');
    const rendered = renderSamples(readme, output);
    expect(sampleArguments(readme)).toEqual([
      ['lint', 'a.yaml'],
      ['scan', '-q'],
    ]);
    expect(rendered).toBe(
      'intro\n<!-- sample: lint a.yaml -->\n```console\n$ dockward lint a.yaml\na.yaml\n  1:1  fix: `ports: ["127.0.0.1:80:80"]`\n```\n\nmiddle\n' +
        '<!-- sample: scan -q -->\n```console\n$ dockward scan -q\nfresh\n```\nend\n',
    );
    expect(renderSamples(rendered, output)).toBe(rendered);
  });
});
