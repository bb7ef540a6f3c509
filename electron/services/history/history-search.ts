/**
 * History search: every conversation with a message (or a title) containing all the query's words, newest first,
 * once, with its number of matches and its best snippet in plain text.
 *
 * The index does the narrowing: all words of 3+ characters go into one FTS5 trigram query joined with AND (so a
 * message is a candidate only when it holds every one of them), else the 2-character CJK words into the bigram index;
 * words no index can look up (1–2 Latin letters, one CJK character) are checked on the candidates. Candidates are
 * read newest first in pages, until the limit is reached or none are left, so no match is missed because newer
 * partial matches crowd it out. Only a query made of short words alone scans the text.
 */
import type Database from "libsql";
import type { SearchHit } from "../../shared/history-schemas.js";
import { ftsQuote, isCjk } from "./search-text.js";
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

type Plan = { sql: string; argument: string };

/** The words of a query: lower-cased, de-duplicated, longest first (the best one for a snippet). */
export function queryTerms(query: string): string[] {
  return [...new Set(query.trim().toLowerCase().split(/\s+/).filter(Boolean))].sort(
    (a, b) => [...b].length - [...a].length,
  );
}

const FROM_TRIGRAM = `SELECT t.rowid AS rid, t.text AS text, t.conversation_id, t.message_id, t.kind, c.title, c.updated_at
  FROM search_trigram t JOIN conversations c ON c.id = t.conversation_id`;

function plan(terms: readonly string[]): Plan {
  const long = terms.filter((t) => [...t].length >= 3);
  if (long.length > 0) {
    return {
      sql: `${FROM_TRIGRAM} WHERE search_trigram MATCH ? AND t.rowid < ? AND c.deleted_at IS NULL ORDER BY t.rowid DESC LIMIT ?`,
      argument: long.map(ftsQuote).join(" AND "),
    };
  }
  const pairs = terms.filter((t) => [...t].length === 2 && isCjk(t));
  if (pairs.length > 0) {
    // the bigram index holds no text: the candidate's text comes from its message (or its conversation's title)
    return {
      sql: `SELECT b.rowid AS rid, COALESCE(m.content, c.title) AS text, b.conversation_id, b.message_id, b.kind, c.title, c.updated_at
        FROM search_bigram b JOIN conversations c ON c.id = b.conversation_id LEFT JOIN messages m ON m.id = b.message_id
        WHERE search_bigram MATCH ? AND b.rowid < ? AND c.deleted_at IS NULL ORDER BY b.rowid DESC LIMIT ?`,
      argument: pairs.map(ftsQuote).join(" AND "),
    };
  }
  const shortest = terms.at(-1)!;
  return {
    sql: `${FROM_TRIGRAM} WHERE t.text LIKE ? ESCAPE '\\' AND t.rowid < ? AND c.deleted_at IS NULL ORDER BY t.rowid DESC LIMIT ?`,
    argument: `%${shortest.replace(/[%_\\]/g, (c) => `\\${c}`)}%`,
  };
}

interface Found {
  conversationId: string;
  title: string;
  updatedAt: number;
}

/** The conversations holding all the terms (in a message or the title), newest match first, at most `limit`. */
function findConversations(db: Database.Database, terms: readonly string[], limit: number): Found[] {
  const { sql, argument } = plan(terms);
  const statement = db.prepare(sql);
  const found = new Map<string, Found>();
  let before = Number.MAX_SAFE_INTEGER;
  for (;;) {
    const rows = statement.all(argument, before, PAGE) as CandidateRow[];
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
