/**
 * OpsHelm web SDK: a thin, typed client over the PM orchestrator's HTTP API.
 */
export { Outcome, fetchDecision, listDecisions } from "./decisions";
export type { Decision, RequiredAction } from "./decisions";

/** Options of {@link createClient}. */
export interface ClientOptions {
  /** Base URL of the OpsHelm API. */
  baseUrl: string;
  /** Bearer token; never logged. */
  token?: string;
  /** Request timeout in milliseconds. */
  timeoutMs?: number;
}

/** Severity labels of ContractGuardian. */
export type Severity = "SAFE" | "RISKY" | "BREAKING";

/** An authenticated client. */
export class OpsHelmClient {
  readonly baseUrl: string;
  private token: string | undefined;

  constructor(options: ClientOptions) {
    this.baseUrl = options.baseUrl;
    this.token = options.token;
  }

  /**
   * Requests an approval for a change.
   *
   * @throws {ApiError} when the orchestrator refuses the request.
   */
  async requestApproval(decisionId: string, approver: string, justification?: string): Promise<void> {
    await this.post(`/decisions/${decisionId}/approvals`, { approver, justification });
  }

  /** Current user's workspace ids. */
  async workspaces(): Promise<string[]> {
    return [];
  }

  protected async post(path: string, body: unknown): Promise<unknown> {
    return { path, body, token: this.token };
  }
}

/** An HTTP error from the API. */
export class ApiError extends Error {
  constructor(public readonly status: number, message: string) {
    super(message);
  }
}

/**
 * Creates a client.
 *
 * @throws {TypeError} when `baseUrl` is not an absolute URL.
 */
export function createClient(baseUrl: string, token?: string, timeoutMs: number = 10000): OpsHelmClient {
  if (!/^https?:\/\//.test(baseUrl)) {
    throw new TypeError(`not an absolute URL: ${baseUrl}`);
  }
  return new OpsHelmClient({ baseUrl, token, timeoutMs });
}

/** Severity order, least severe first. */
export const SEVERITIES: readonly Severity[] = ["SAFE", "RISKY", "BREAKING"];
