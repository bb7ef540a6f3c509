import { describe, expect, it } from "vitest";
import type { ApiError } from "./api-errors.js";
import { ApiQueue } from "./api-queue.js";

describe("the API's queue", () => {
  it("runs one, keeps 8 waiting in order, refuses the 10th with 429 and Retry-After", async () => {
    const queue = new ApiQueue(8);
    const signal = new AbortController().signal;
    const order: number[] = [];
    const releases = Array.from({ length: 9 }, (_, i) =>
      queue.acquire(signal).then((release) => {
        order.push(i);
        return release;
      }),
    );
    const refused = (await queue.acquire(signal).catch((e: unknown) => e)) as ApiError;
    expect(refused.status).toBe(429);
    expect(refused.retryAfter).toBeGreaterThanOrEqual(1);
    expect(refused.body().error.code).toBe("queue_full");
    for (const next of releases) (await next)();
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(queue.size).toEqual({ running: false, waiting: 0 });
  });

  it("a waiting client that goes away leaves the queue and frees its place", async () => {
    const queue = new ApiQueue(1);
    const release = await queue.acquire(new AbortController().signal);
    const leaving = new AbortController();
    const waiting = queue.acquire(leaving.signal);
    leaving.abort();
    await expect(waiting).rejects.toBeDefined();
    expect(queue.size.waiting).toBe(0);
    const next = queue.acquire(new AbortController().signal);
    release();
    (await next)();
    expect(queue.size.running).toBe(false);
  });
});
