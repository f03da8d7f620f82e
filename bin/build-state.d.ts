/** True when dist/ was built after the last change to any source file of the project at `root`. */
export function buildIsFresh(root?: string): boolean
