import { describe, expect, it } from "vitest";
import { runSuiteRegex } from "./regex-check.js";

describe("suite regex checkers", () => {
  it("a catastrophic pattern is stopped on time while the main thread keeps running", async () => {
    const answer = `${"a".repeat(40)}!`;
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 20);
    const outcome = await runSuiteRegex("^(a+)+$", "", answer, 500);
    clearInterval(ticker);
    expect(outcome).toEqual({ error: expect.stringMatching(/longer than 0.5 s .* stopped/) });
    // run here, the pattern would hold the thread for minutes and not one tick would happen
    expect(ticks).toBeGreaterThan(5);
    // the next check gets a fresh worker
    expect(await runSuiteRegex("forty-?two", "i", "The answer is Forty-two.")).toEqual({ match: "Forty-two" });
  });

  it("an invalid pattern is reported, not counted as a miss", async () => {
    expect(await runSuiteRegex("(unclosed", "", "text")).toEqual({
      error: expect.stringMatching(/not valid.*Unterminated group/),
    });
    expect(await runSuiteRegex("x", "", "no match here")).toEqual({ match: null });
  });
});
