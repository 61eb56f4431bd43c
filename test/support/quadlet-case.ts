/** A `.container` unit for a rule case: the [Container] section header on line 1, an image on line 2, then the given keys. */
export function quadletUnit(...keys: string[]): string {
  return ['[Container]', 'Image=registry.example/app:1', ...keys].join('\n');
}
