// Types of scripts/recipes.mjs (plain JavaScript, run by the package check), for its test.

/** One recipe of docs/scripts.md: commands run once, commands run on each Node version, and the files it writes. */
export interface Recipe {
  setup: string[];
  run: string[];
  files: Record<string, string>;
}

/** Every recipe of a Markdown page, by name. */
export function readRecipes(markdown: string): Map<string, Recipe>;

/** Runs each recipe in `work/recipe-<name>` with the package from `tarball`, on each Node binary; the names run. */
export function runRecipes(options: {
  markdown: string;
  work: string;
  tarball: string;
  nodes: string[];
  simulator: { baseUrl: string; defaults: Record<string, string> };
}): Promise<string[]>;
