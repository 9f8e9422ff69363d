/** When and how often to retry. */
export interface RetryOptions {
  limit?: number;
  methods?: string[];
  statusCodes?: number[];
  backoffLimit?: number;
}

/** Delay before attempt `attempt`, in milliseconds. */
export declare function backoff(attempt: number, options?: RetryOptions): number;

export declare const DEFAULT_RETRY: Readonly<Required<RetryOptions>>;

/** @internal */
export declare function resetRetryState(): void;
