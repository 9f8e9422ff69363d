/** The request was aborted by the caller. */
export declare class AbortedError extends Error {
  constructor(reason: string);
}
