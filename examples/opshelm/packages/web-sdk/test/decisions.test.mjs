import { test } from "node:test";
import assert from "node:assert";
import { isMergeable, Outcome } from "../dist/decisions.js";

test("a denied decision does not merge", () => {
  assert.equal(isMergeable({ outcome: Outcome.Deny }), false);
});
