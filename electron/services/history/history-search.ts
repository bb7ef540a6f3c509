/**
 * History search: every message (and title) containing all the query's words, newest first.
 *
 * The index does the narrowing: all words of 3+ characters go into one FTS5 trigram query joined with AND (so a
 * message is a candidate only when it holds every one of them), else the 2-character CJK words into the bigram index;
 * words no index can look up (1–2 Latin letters, one CJK character) are checked on the candidates. Candidates are
 * read newest first in pages, until the limit is reached or none are left, so no match is missed because newer
 * partial matches crowd it out. Only a query made of short words alone scans the text.
 */
import type Database from "libsql";
import type { SearchHit } from "../../shared/history-schemas.js";
import { ftsQuote, isCjk, makeSnippet } from "./search-text.js";

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

export function searchHistory(db: Database.Database, query: string, limit: number): SearchHit[] {
  const terms = queryTerms(query);
  if (terms.length === 0) return [];
  const { sql, argument } = plan(terms);
  const statement = db.prepare(sql);
  const hits: SearchHit[] = [];
  let before = Number.MAX_SAFE_INTEGER;
  for (;;) {
    const rows = statement.all(argument, before, PAGE) as CandidateRow[];
    for (const row of rows) {
      const lower = row.text.toLowerCase();
      if (!terms.every((term) => lower.includes(term))) continue;
      hits.push({
        conversationId: row.conversation_id,
        messageId: row.message_id,
        title: row.title,
        role: row.kind,
        snippet: makeSnippet(row.text, terms[0]!),
        updatedAt: row.updated_at,
      });
      if (hits.length >= limit) return hits;
    }
    if (rows.length < PAGE) return hits;
    before = rows.at(-1)!.rid;
  }
}
