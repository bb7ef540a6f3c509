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

/** The first page of candidates; each next one is twice as long (a query with few matches restarts less often). */
const FIRST_PAGE = 256;
const LAST_PAGE = 4096;

interface CandidateRow {
  rid: number;
  text: string;
  conversation_id: string;
}

type Plan = { sql: string; args: string[] };

/** Statements prepared once per connection and kept (a search prepares nothing after the first). */
function prepared(db: Database.Database, sql: string): Database.Statement {
  const cache = statements.get(db) ?? new Map<string, Database.Statement>();
  statements.set(db, cache);
  const statement = cache.get(sql) ?? db.prepare(sql);
  cache.set(sql, statement);
  return statement;
}
const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** The words of a query: lower-cased, de-duplicated, longest first (the best one for a snippet). */
export function queryTerms(query: string): string[] {
  return [...new Set(query.trim().toLowerCase().split(/\s+/).filter(Boolean))].sort(
    (a, b) => [...b].length - [...a].length,
  );
}

const COLUMNS = "t.rowid AS rid, t.text AS text, t.conversation_id";
/** Newest first, a page at a time, ordered by the rowid of the table the query reads (no sort). */
const paged = (alias: string) => `AND ${alias}.rowid < ? ORDER BY ${alias}.rowid DESC LIMIT ?`;

/** A short word in fewer texts than this leads the search: its rows are read and every other word checked on them. */
const RARE_SHORT = 2000;

/**
 * Whether a short word's gram is in fewer than RARE_SHORT indexed texts: at most RARE_SHORT rowids of its posting
 * list are read (counting them all, as fts5vocab does, took up to 13 ms for "a" at 10,000 conversations).
 */
function isRareShort(db: Database.Database, term: string): boolean {
  const probe = prepared(
    db,
    `SELECT rowid FROM search_short WHERE search_short MATCH ? LIMIT 1 OFFSET ${RARE_SHORT - 1}`,
  );
  return probe.get(ftsQuote(gramToken(term))) === undefined;
}

/**
 * Words of 3+ characters are looked up in the trigram index, shorter ones in the short-gram index (same rowids).
 * A query with both is led by the short-gram index when one of its short words is rare (a no-hit "qz" next to a
 * common "rectangle" reads nothing), else by the trigram index with the short words checked on its candidates
 * (a common short word passes most of them). The short-gram rows are joined to their texts in that order (CROSS
 * JOIN); each conversation is read once, by its key, when one of its texts first holds every word.
 */
export function plan(db: Database.Database, terms: readonly string[]): Plan {
  const long = terms.filter((t) => [...t].length >= 3);
  const short = terms.filter((t) => [...t].length < 3);
  if (long.length === 0 || short.some((term) => isRareShort(db, term))) {
    return {
      sql: `SELECT ${COLUMNS} FROM search_short s CROSS JOIN search_trigram t ON t.rowid = s.rowid
        WHERE search_short MATCH ? ${paged("s")}`,
      args: [short.map((t) => ftsQuote(gramToken(t))).join(" AND ")],
    };
  }
  return {
    sql: `SELECT ${COLUMNS} FROM search_trigram t WHERE search_trigram MATCH ? ${paged("t")}`,
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
  const statement = prepared(db, sql);
  const conversation = prepared(db, "SELECT title, updated_at FROM conversations WHERE id = ? AND deleted_at IS NULL");
  const found = new Map<string, Found>();
  const deleted = new Set<string>();
  let before = Number.MAX_SAFE_INTEGER;
  for (let page = FIRST_PAGE; ; page = Math.min(page * 2, LAST_PAGE)) {
    const rows = statement.all(...args, before, page) as CandidateRow[];
    for (const row of rows) {
      const id = row.conversation_id;
      if (found.has(id) || deleted.has(id) || !holdsAll(row.text.toLowerCase(), terms)) continue;
      const c = conversation.get(id) as { title: string; updated_at: number } | undefined;
      if (!c) {
        deleted.add(id);
        continue;
      }
      found.set(id, { conversationId: id, title: c.title, updatedAt: c.updated_at });
      if (found.size >= limit) return [...found.values()];
    }
    if (rows.length < page) return [...found.values()];
    before = rows.at(-1)!.rid;
  }
}

const holdsAll = (lower: string, terms: readonly string[]) => terms.every((term) => lower.includes(term));

/** How often the terms occur in a lower-cased text: the best snippet is the message that says the most about the query. */
function occurrences(lower: string, terms: readonly string[]): number {
  let count = 0;
  for (const term of terms) for (let i = lower.indexOf(term); i >= 0; i = lower.indexOf(term, i + term.length)) count++;
  return count;
}

interface MessageText {
  id: string;
  role: "user" | "assistant";
  content: string;
}

/**
 * One hit per conversation: how many of its messages (and its title) hold every word, and a snippet from the one
 * where the words occur most (the newest on a tie; the title when no message holds them). A conversation's
 * messages are read through their index on conversation_id, so the count costs one small query per hit.
 */
export function searchHistory(db: Database.Database, query: string, limit: number): SearchHit[] {
  const terms = queryTerms(query);
  if (terms.length === 0) return [];
  const messagesOf = prepared(
    db,
    "SELECT id, role, content FROM messages WHERE conversation_id = ? AND content != '' ORDER BY created_at DESC, rowid DESC",
  );
  return findConversations(db, terms, limit).map((found) => {
    let matches = holdsAll(found.title.toLowerCase(), terms) ? 1 : 0;
    let best: MessageText | undefined;
    let bestCount = 0;
    for (const message of messagesOf.all(found.conversationId) as MessageText[]) {
      const lower = message.content.toLowerCase();
      if (!holdsAll(lower, terms)) continue;
      matches++;
      const count = occurrences(lower, terms);
      if (count > bestCount) [best, bestCount] = [message, count];
    }
    return {
      conversationId: found.conversationId,
      messageId: best?.id ?? null,
      title: found.title,
      role: best?.role ?? "title",
      snippet: makeSnippet(best?.content ?? found.title, terms[0]!),
      matches,
      updatedAt: found.updatedAt,
    };
  });
}
