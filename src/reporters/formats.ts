/** The report formats, kept apart from the renderers so the CLI can list them without loading them. */
export const FORMATS = ['table', 'json', 'sarif', 'junit', 'markdown', 'github', 'html'] as const;
export type Format = (typeof FORMATS)[number];
