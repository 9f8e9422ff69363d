/** HTTP methods the client accepts. */
export type Method = "get" | "post" | "put" | "patch" | "delete" | "head";

export type Input = string | URL | Request;

/** Options of every request. */
export interface Options extends RequestInit {
  /** Prefix prepended to the input URL. */
  prefixUrl?: string;
  /** Milliseconds before the request fails; `false` disables the timeout. */
  timeout?: number | false;
  /** JSON body, serialised for you. */
  json?: unknown;
  /** Throw on non-2xx responses. */
  throwHttpErrors?: boolean;
  hooks?: Hooks;
}

export interface Hooks {
  beforeRequest?: Array<(request: Request, options: Options) => Request | void>;
  afterResponse?: Array<(request: Request, options: Options, response: Response) => Response | void>;
}

/** A response whose body can be read as JSON with a type. */
export interface ResponsePromise extends Promise<Response> {
  json<T = unknown>(): Promise<T>;
  text(): Promise<string>;
}

/** Thrown for non-2xx responses when `throwHttpErrors` is on. */
export declare class HTTPError extends Error {
  readonly response: Response;
  readonly request: Request;
  constructor(response: Response, request: Request, options: Options);
}

export declare class TimeoutError extends Error {
  readonly request: Request;
  constructor(request: Request);
}

/** The client. */
export interface Client {
  (input: Input, options?: Options): ResponsePromise;
  get(input: Input, options?: Options): ResponsePromise;
  post(input: Input, options?: Options): ResponsePromise;
  /** A client with merged defaults. */
  extend(defaults: Options): Client;
  /** @deprecated use `extend` */
  create(defaults: Options): Client;
}

/**
 * Sends a request.
 * @throws {HTTPError} on a non-2xx response.
 * @throws {TimeoutError} when the timeout elapses.
 */
export declare function request(input: Input, options?: Options): ResponsePromise;
export declare function request(input: Input, method: Method, options?: Options): ResponsePromise;

/** @beta */
export declare function isHTTPError(error: unknown): error is HTTPError;

declare const client: Client;
export default client;

export * from "./retry";
// As published packages write it: the `.js` specifier means the `.d.ts` next to it.
export { AbortedError } from "./errors.js";
/** @returns whether `error` is one of ours. */
export declare function isFetchishError(error: unknown): error is HTTPError | TimeoutError | AbortedError;
