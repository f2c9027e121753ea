// The report formats alone, so the command table names them without loading every renderer.
export const OUTPUT_FORMATS = ['text', 'json', 'sarif', 'junit', 'github', 'codequality'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
