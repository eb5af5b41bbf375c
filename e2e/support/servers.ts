// Where the e2e servers listen (playwright.config.ts starts them; bench/ui.bench.ts reuses the
// root one's settings on its own port).
export const ROOT_PORT = 47301;
export const SUB_PORT = 47302;
/** The sub-path the second server serves dist/ under (nothing is served at its root). */
export const SUB_PATH = '/proxyscope/demo/';
