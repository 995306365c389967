/** Types of page-budget.mjs (for the tests, which are TypeScript). */
export interface MetafileOutputs {
  [file: string]: { imports?: { path: string; kind?: string; external?: boolean }[] } | undefined;
}

export function withImports(outputs: MetafileOutputs, output: string): string[];

export function pageSizes(o: {
  outputs: MetafileOutputs;
  root: string;
  /** A page's name → the output files its script tags load. */
  pages: Record<string, string[]>;
  budgetBytes: number;
}): { page: string; bytes: number; chunks: number; over: boolean }[];
