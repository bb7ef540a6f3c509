/**
 * History search: every conversation with a message (or a title) containing all the query's words, newest first,
 * once, with its number of matches and its best snippet in plain text.
 *
 * The indexes do the narrowing: all words of 3+ characters go into one FTS5 trigram query joined with AND, all
 * shorter ones (1–2 Latin letters, 面积, x) into one query of the short-gram index (search-text.ts); a query with
 * both kinds is led by whichever index narrows more (plan()). Candidates are read
 * newest first in pages and checked on their text, until the limit is reached or none are left, so no match is
 * missed because newer partial matches crowd it out; no query shape scans the text.
 */
import type Database from "libsql";
import type { SearchHit } from "../../shared/history-schemas.js";
import { ftsQuote, gramToken } from "./search-text.js";
import { makeSnippet } from "./snippet.js";

const PAGE = 256;

interface CandidateRow {
  rid: number;
  text: string;
  conversation_id: string;
  message_id: string | null;
  kind: "user" | "assistant" | "title";
  title: string;
  updated_at: number;
}

type Plan = { sql: string; args: string[] };

/** The words of a query: lower-cased, de-duplicated, longest first (the best one for a snippet). */
export function queryTerms(query: string): string[] {
  return [...new Set(query.trim().toLowerCase().split(/\s+/).filter(Boolean))].sort(
    (a, b) => [...b].length - [...a].length,
  );
}

const COLUMNS = "t.rowid AS rid, t.text AS text, t.conversation_id, t.message_id, t.kind, c.title, c.updated_at";
/** Newest first, a page at a time, ordered by the rowid of the table the query reads (no sort). */
const paged = (alias: string) => `AND ${alias}.rowid < ? AND c.deleted_at IS NULL ORDER BY ${alias}.rowid DESC LIMIT ?`;

/** A short word in fewer texts than this leads the search: its rows are read and every other word checked on them. */
const RARE_SHORT = 2000;

/**
 * Whether a short word's gram is in fewer than RARE_SHORT indexed texts: at most RARE_SHORT rowids of its posting
 * list are read (counting them all, as fts5vocab does, took up to 13 ms for "a" at 10,000 conversations).
 */
function isRareShort(db: Database.Database, term: string): boolean {
  let probe = rareProbes.get(db);
  if (!probe) {
    probe = db.prepare(`SELECT rowid FROM search_short WHERE search_short MATCH ? LIMIT 1 OFFSET ${RARE_SHORT - 1}`);
    rareProbes.set(db, probe);
  }
  return probe.get(ftsQuote(gramToken(term))) === undefined;
}
const rareProbes = new WeakMap<Database.Database, Database.Statement>();

/**
 * Words of 3+ characters are looked up in the trigram index, shorter ones in the short-gram index (same rowids).
 * A query with both is led by the short-gram index when one of its short words is rare (a no-hit "qz" next to a
 * common "rectangle" reads nothing), else by the trigram index with the short words checked on its candidates
 * (a common short word passes most of them). The joins are written in the order they must run (CROSS JOIN): index
 * rows first, then each one's conversation by its key; left free, SQLite scanned every conversation per index row.
 */
function plan(db: Database.Database, terms: readonly string[]): Plan {
  const long = terms.filter((t) => [...t].length >= 3);
  const short = terms.filter((t) => [...t].length < 3);
  if (long.length === 0 || short.some((term) => isRareShort(db, term))) {
    return {
      sql: `SELECT ${COLUMNS} FROM search_short s CROSS JOIN search_trigram t ON t.rowid = s.rowid
        CROSS JOIN conversations c ON c.id = t.conversation_id WHERE search_short MATCH ? ${paged("s")}`,
      args: [short.map((t) => ftsQuote(gramToken(t))).join(" AND ")],
    };
  }
  return {
    sql: `SELECT ${COLUMNS} FROM search_trigram t CROSS JOIN conversations c ON c.id = t.conversation_id
      WHERE search_trigram MATCH ? ${paged("t")}`,
    args: [long.map(ftsQuote).join(" AND ")],
  };
}

interface Found {
  conversationId: string;
  title: string;
  updatedAt: number;
}

/** The conversations holding all the terms (in a message or the title), newest match first, at most `limit`. */
function findConversations(db: Database.Database, terms: readonly string[], limit: number): Found[] {
  const { sql, args } = plan(db, terms);
  const statement = db.prepare(sql);
  const found = new Map<string, Found>();
  let before = Number.MAX_SAFE_INTEGER;
  for (;;) {
    const rows = statement.all(...args, before, PAGE) as CandidateRow[];
    for (const row of rows) {
      if (found.has(row.conversation_id) || !holdsAll(row.text, terms)) continue;
      found.set(row.conversation_id, {
        conversationId: row.conversation_id,
        title: row.title,
        updatedAt: row.updated_at,
      });
      if (found.size >= limit) return [...found.values()];
    }
    if (rows.length < PAGE) return [...found.values()];
    before = rows.at(-1)!.rid;
  }
}

const holdsAll = (text: string, terms: readonly string[]) => {
  const lower = text.toLowerCase();
  return terms.every((term) => lower.includes(term));
};

/** How often the terms occur in a text: the best snippet is the message that says the most about the query. */
function occurrences(text: string, terms: readonly string[]): number {
  const lower = text.toLowerCase();
  let count = 0;
  for (const term of terms) for (let i = lower.indexOf(term); i >= 0; i = lower.indexOf(term, i + term.length)) count++;
  return count;
}

/**
 * One hit per conversation: how many of its messages (and its title) hold every word, and a snippet from the one
 * where the words occur most (the newest on a tie; the title when no message holds them). A conversation's
 * messages are read through their index on conversation_id, so the count costs one small query per hit.
 */
export function searchHistory(db: Database.Database, query: string, limit: number): SearchHit[] {
  const terms = queryTerms(query);
  if (terms.length === 0) return [];
  const messagesOf = db.prepare(
    "SELECT id, role, content FROM messages WHERE conversation_id = ? AND content != '' ORDER BY created_at DESC, rowid DESC",
  );
  return findConversations(db, terms, limit).map((found) => {
    const matching = (
      messagesOf.all(found.conversationId) as { id: string; role: "user" | "assistant"; content: string }[]
    ).filter((m) => holdsAll(m.content, terms));
    let best = matching[0];
    for (const m of matching) if (occurrences(m.content, terms) > occurrences(best!.content, terms)) best = m;
    const titleMatches = holdsAll(found.title, terms);
    return {
      conversationId: found.conversationId,
      messageId: best?.id ?? null,
      title: found.title,
      role: best?.role ?? "title",
      snippet: makeSnippet(best?.content ?? found.title, terms[0]!),
      matches: matching.length + (titleMatches ? 1 : 0),
      updatedAt: found.updatedAt,
    };
  });
}
