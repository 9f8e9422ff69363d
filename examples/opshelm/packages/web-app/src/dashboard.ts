// The dashboard's decision list. Consumes the Web SDK API contract.
import { listDecisions, Outcome } from "@opshelm/web-sdk";
import type { Decision } from "@opshelm/web-sdk/decisions";

export interface Row {
  id: string;
  blocked: boolean;
}

export async function decisionRows(baseUrl: string, workspaceId: string): Promise<Row[]> {
  const decisions: Decision[] = await listDecisions(baseUrl, workspaceId);
  return decisions.map((d) => ({ id: d.id, blocked: d.outcome === Outcome.Deny }));
}
