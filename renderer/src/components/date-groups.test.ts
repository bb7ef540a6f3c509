import { describe, expect, it } from "vitest";
import type { Conversation } from "../../../electron/shared/history-schemas";
import { groupConversations } from "./date-groups";

const at = (id: string, updatedAt: number, pinned = false): Conversation => ({
  id,
  title: id,
  createdAt: updatedAt,
  updatedAt,
  pinned,
  engine: null,
  modelVariant: null,
  settings: {},
  deletedAt: null,
  activeLeafId: null,
});

describe("groupConversations", () => {
  it("puts pinned first, then today, yesterday, the last 7 days and older", () => {
    const now = new Date(2026, 10, 27, 15, 0);
    const hour = 3600 * 1000;
    const groups = groupConversations(
      [
        at("p", now.getTime() - 400 * hour, true),
        at("t", now.getTime() - hour),
        at("y", now.getTime() - 20 * hour),
        at("w", now.getTime() - 72 * hour),
        at("o", now.getTime() - 30 * 24 * hour),
      ],
      now,
    );
    expect(groups.map((g) => [g.group, g.items.map((c) => c.id)])).toEqual([
      ["pinned", ["p"]],
      ["today", ["t"]],
      ["yesterday", ["y"]],
      ["lastWeek", ["w"]],
      ["older", ["o"]],
    ]);
  });
});
