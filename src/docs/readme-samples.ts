/**
 * The README's sample output, generated: a block after the marker
 * `<!-- sample: ARGS -->` shows `$ dockward ARGS` and what dockward prints
 * for it, run on the example files in docs/examples/. `npm run docs`
 * rewrites the blocks; a test fails when one no longer matches, so a sample
 * cannot drift from the tool.
 */
// The block ends at the first fence alone on a line: the output itself may hold backticks.
const SAMPLE = /<!-- sample: (.+?) -->\n```console\n(?:[\s\S]*?\n)??```$/gm;

/** What the sample runs: dockward's arguments, split at spaces (the samples quote nothing). */
export function sampleArguments(readme: string): string[][] {
  return [...readme.matchAll(SAMPLE)].map((match) => (match[1] ?? '').split(' '));
}

/** The README with every sample block filled from `output`, which maps a sample's arguments to what dockward printed. */
export function renderSamples(readme: string, output: (args: readonly string[]) => string): string {
  return readme.replace(SAMPLE, (_, command: string) => {
    const printed = output(command.split(' ')).replace(/\n+$/, '');
    return `<!-- sample: ${command} -->\n\`\`\`console\n$ dockward ${command}\n${printed}\n\`\`\``;
  });
}
