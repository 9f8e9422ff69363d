/**
 * Policy decisions (seed 003 §2.2).
 */

/** The verdict of a decision. */
export enum Outcome {
  Approve = "APPROVE",
  ApproveWithConditions = "APPROVE_WITH_CONDITIONS",
  Deny = "DENY",
}

/** Something the author must do. */
export interface RequiredAction {
  action: string;
  blocking: boolean;
  /** Fingerprints of the findings that need it. */
  findings?: string[];
}

/** A policy decision record. */
export interface Decision {
  id: string;
  outcome: Outcome;
  reasons: string[];
  impacted: string[];
  actions: RequiredAction[];
  createdAt: string;
}

/**
 * Fetches one decision.
 *
 * @throws {ApiError} when the decision does not exist.
 */
export async function fetchDecision(baseUrl: string, id: string): Promise<Decision> {
  const res = await fetch(`${baseUrl}/decisions/${id}`);
  return (await res.json()) as Decision;
}

/**
 * Lists recent decisions of a workspace, newest first.
 */
export async function listDecisions(baseUrl: string, workspaceId: string, limit: number = 50): Promise<Decision[]> {
  const res = await fetch(`${baseUrl}/workspaces/${workspaceId}/decisions?limit=${limit}`);
  return (await res.json()) as Decision[];
}

/** True when the decision lets the change merge. */
export function isMergeable(decision: Decision): boolean {
  return decision.outcome !== Outcome.Deny;
}
