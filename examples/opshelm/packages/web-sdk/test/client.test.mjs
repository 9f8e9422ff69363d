import { test } from "node:test";
import assert from "node:assert";
import { ApiError, OpsHelmClient, createClient } from "../dist/index.js";

test("a relative base URL is refused", () => {
  assert.throws(() => createClient("/api"), TypeError);
  assert.ok(createClient("https://x.test") instanceof OpsHelmClient);
  assert.equal(new ApiError(404, "gone").status, 404);
});
