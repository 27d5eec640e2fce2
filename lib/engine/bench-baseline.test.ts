import { describe, expect, it } from "vitest";
import { benchBaselineEnabled, handleBaselineWebhook } from "./bench-baseline";

describe("the webhook benchmark's baseline route", () => {
  it("exists only when ORGFLOW_BENCH_BASELINE=1", () => {
    expect(benchBaselineEnabled({})).toBe(false);
    expect(benchBaselineEnabled({ ORGFLOW_BENCH_BASELINE: "true" })).toBe(false);
    expect(benchBaselineEnabled({ ORGFLOW_BENCH_BASELINE: "1" })).toBe(true);
  });

  it("answers 404 without it, before reading the body or the database", async () => {
    delete process.env.ORGFLOW_BENCH_BASELINE;
    const res = await handleBaselineWebhook(
      new Request("http://localhost/api/bench/hooks/x/y", { method: "POST", body: "{}" }),
      "00000000-0000-0000-0000-000000000000",
      "whk_x",
    );
    expect(res.status).toBe(404);
  });
});
