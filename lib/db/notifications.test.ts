import { describe, expect, it } from "vitest";
import { Signal } from "./notifications";

describe("Signal", () => {
  it("returns at once when notified after `seen` was taken (a notice during the read is kept)", async () => {
    const signal = new Signal();
    const seen = signal.count;
    signal.notify(); // came while the caller was reading
    const started = Date.now();
    await signal.wait(seen, 10_000);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(signal.count).toBe(1);
  });

  it("wakes a waiter on the next notice, and gives up after `ms` without one", async () => {
    const signal = new Signal();
    const waiting = signal.wait(signal.count, 10_000);
    signal.notify();
    await waiting;
    expect(signal.count).toBe(1);
    await signal.wait(signal.count, 5);
    expect(signal.count).toBe(1);
  });
});
