/**
 * Items in runs of one engine each, in their order: buildReport puts each
 * engine's targets, and so their findings, together. The table and the HTML
 * report head each run with its engine when a report covers several.
 */
export function runsByEngine<T>(items: readonly T[], engineOf: (item: T) => string | undefined): { engine?: string; items: T[] }[] {
  const runs: { engine?: string; items: T[] }[] = [];
  for (const item of items) {
    const engine = engineOf(item);
    const last = runs.at(-1);
    if (last && last.engine === engine) last.items.push(item);
    else runs.push({ ...(engine !== undefined && { engine }), items: [item] });
  }
  return runs;
}
