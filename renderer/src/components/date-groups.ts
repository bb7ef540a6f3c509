import type { Conversation } from "../../../electron/shared/history-schemas";

export type DateGroup = "pinned" | "today" | "yesterday" | "lastWeek" | "older";

/** Sidebar groups: pinned first, then by the day of the last activity, in local time. */
export function groupConversations(
  conversations: readonly Conversation[],
  now = new Date(),
): { group: DateGroup; items: Conversation[] }[] {
  const startOfToday = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
  const day = 24 * 3600 * 1000;
  const groups: Record<DateGroup, Conversation[]> = { pinned: [], today: [], yesterday: [], lastWeek: [], older: [] };
  for (const c of conversations) {
    if (c.pinned) groups.pinned.push(c);
    else if (c.updatedAt >= startOfToday) groups.today.push(c);
    else if (c.updatedAt >= startOfToday - day) groups.yesterday.push(c);
    else if (c.updatedAt >= startOfToday - 7 * day) groups.lastWeek.push(c);
    else groups.older.push(c);
  }
  return (Object.keys(groups) as DateGroup[])
    .filter((g) => groups[g].length > 0)
    .map((group) => ({ group, items: groups[group] }));
}
