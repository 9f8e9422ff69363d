import { test } from "node:test";
import assert from "node:assert";
import { fetchDecision, listDecisions } from "../dist/decisions.js";

test("decisions are read from the workspace's URL", async () => {
  const seen = [];
  globalThis.fetch = async (url) => {
    seen.push(url);
    return { json: async () => [] };
  };
  await listDecisions("https://x.test", "ws1", 5);
  await fetchDecision("https://x.test", "dec-1");
  assert.deepEqual(seen, [
    "https://x.test/workspaces/ws1/decisions?limit=5",
    "https://x.test/decisions/dec-1",
  ]);
});
