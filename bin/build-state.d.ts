/** True when dist/ was built after the last change to any source file. */
export function buildIsFresh(): boolean
