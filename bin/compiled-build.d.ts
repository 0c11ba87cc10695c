// Types of compiled-build.js, which stays JavaScript because it runs before anything is compiled.
export const ROOT: string;
export const DIST: string;
export const STAMP: string;
export const STAMP_NAME: string;
export const SOURCE_DIRS: readonly string[];
export function isBuildFresh(root?: string): boolean;
