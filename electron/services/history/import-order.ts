/** The order an import inserts messages in: every parent before its children, in linear time. */

interface Linked {
  id: string;
  parentId: string | null;
}

/**
 * Parents first, whatever order the file lists them in: roots (no parent, or a parent the file
 * does not hold) in file order, then breadth first through a children index. O(n); a message
 * that is never reached sits on a cycle.
 */
export function parentsFirst<T extends Linked>(messages: readonly T[]): T[] {
  const ids = new Set<string>();
  for (const m of messages) {
    if (ids.has(m.id)) throw new Error(`The message ${m.id.slice(0, 40)} appears twice in the file.`);
    ids.add(m.id);
  }
  const order: T[] = [];
  const children = new Map<string, T[]>();
  for (const m of messages) {
    if (m.parentId === null || !ids.has(m.parentId)) order.push(m);
    else {
      const siblings = children.get(m.parentId);
      if (siblings) siblings.push(m);
      else children.set(m.parentId, [m]);
    }
  }
  for (let i = 0; i < order.length; i++) {
    for (const child of children.get(order[i]!.id) ?? []) order.push(child);
  }
  if (order.length !== messages.length) throw new Error("The imported messages form a cycle.");
  return order;
}
