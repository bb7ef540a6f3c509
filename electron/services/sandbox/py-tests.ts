/**
 * What a Python test line is, decided outside the interpreter: `EXPR == LITERAL` (the value of EXPR is
 * brought out as plain data and compared here with the literal, which never enters the sandbox), an
 * expression (passes only when it is exactly `True`), or a statement such as `assert …` (passes when
 * it does not raise). Also parses Python literals: None, booleans, numbers, strings, lists, tuples,
 * dicts and sets.
 */
import type { PyValue } from "./py-value.js";

export type PyTest =
  | { kind: "value"; source: string; expected: PyValue }
  | { kind: "expr"; source: string }
  | { kind: "stmt"; source: string };

const STATEMENT_WORDS = new Set([
  "assert",
  "import",
  "from",
  "del",
  "pass",
  "raise",
  "global",
  "nonlocal",
  "if",
  "for",
  "while",
  "with",
  "try",
  "def",
  "class",
  "return",
  "break",
  "continue",
  "async",
]);
/** Words that bind more loosely than `==`: a top-level one means the line is not `EXPR == LITERAL`. */
const LOOSE_WORDS = new Set(["in", "not", "is", "and", "or", "if", "else", "lambda", "for"]);

interface Piece {
  /** Top-level operators and words, with their offsets. */
  marks: { text: string; at: number }[];
  firstWord: string | null;
}

/** Scans a line at bracket depth 0, skipping strings and comments. */
function scan(line: string): Piece | null {
  const marks: Piece["marks"] = [];
  let depth = 0;
  const firstWord = /^\s*([A-Za-z_]\w*)(?!\w|['"])/.exec(line)?.[1] ?? null;
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    const quote = /^([rRbBuUfF]{0,2})('''|"""|'|")/.exec(line.slice(i));
    if (quote && (i === 0 || !/[\w]/.test(line[i - 1]!))) {
      const end = stringEnd(line, i + quote[0].length, quote[2]!, /r/i.test(quote[1]!));
      if (end < 0) return null;
      i = end;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const word = /^[A-Za-z_]\w*/.exec(line.slice(i))![0];
      if (depth === 0 && (LOOSE_WORDS.has(word) || STATEMENT_WORDS.has(word))) marks.push({ text: word, at: i });
      i += word.length;
      continue;
    }
    if (/[0-9]/.test(c)) {
      i += /^[0-9][\w.]*(?:[eE][+-]?\d+)?/.exec(line.slice(i))![0].length;
      continue;
    }
    if (c === "#") break;
    if ("([{".includes(c)) depth++;
    else if (")]}".includes(c)) depth--;
    if (depth < 0) return null;
    if (depth === 0) {
      const op = /^(==|!=|<=|>=|:=|->|\*\*=|\/\/=|>>=|<<=|[-+*/%&|^@]=|[<>=;:,\n])/.exec(line.slice(i));
      if (op) {
        marks.push({ text: op[0], at: i });
        i += op[0].length;
        continue;
      }
    }
    i++;
  }
  return depth === 0 ? { marks, firstWord } : null;
}

/** The index just past a string's closing quote, or -1 when it does not close. */
function stringEnd(line: string, from: number, quote: string, raw: boolean): number {
  let i = from;
  while (i < line.length) {
    if (line[i] === "\\") {
      i += 2;
      continue;
    }
    if (line.startsWith(quote, i)) return i + quote.length;
    if (quote.length === 1 && line[i] === "\n") return -1;
    i++;
  }
  void raw;
  return -1;
}

/** How a test line is run and judged. */
export function classifyPyTest(line: string): PyTest {
  const source = line.trim();
  const piece = scan(source);
  if (!piece) return { kind: "expr", source };
  let body = source;
  let marks = piece.marks;
  // `assert EXPR == LITERAL` (no message) is the same check
  if (piece.firstWord === "assert" && marks[0]?.text === "assert" && marks[0].at === 0) {
    body = source.slice("assert".length);
    marks = marks.slice(1).map((m) => ({ text: m.text, at: m.at - "assert".length }));
  }
  const equals = marks.filter((m) => m.text === "==");
  if (equals.length === 1 && marks.length === 1) {
    const at = equals[0]!.at;
    const left = body.slice(0, at).trim();
    const right = body.slice(at + 2).trim();
    const fromRight = parsePyLiteral(right);
    if (fromRight && left) return { kind: "value", source: left, expected: fromRight };
    const fromLeft = parsePyLiteral(left);
    if (fromLeft && right) return { kind: "value", source: right, expected: fromLeft };
  }
  const statement =
    (piece.firstWord !== null && STATEMENT_WORDS.has(piece.firstWord)) ||
    piece.marks.some((m) => m.text === ";" || m.text === "\n" || /^[^=!<>]*=$/.test(m.text)) ||
    (piece.marks.some((m) => m.text === ":") && !piece.marks.some((m) => m.text === "lambda"));
  return statement ? { kind: "stmt", source } : { kind: "expr", source };
}

/** A Python literal as plain data, or null when the text is anything else. */
export function parsePyLiteral(text: string): PyValue | null {
  const parser = new LiteralParser(text);
  try {
    const value = parser.value(0);
    parser.space();
    return parser.done() ? value : null;
  } catch {
    return null;
  }
}

class LiteralParser {
  private i = 0;
  constructor(private readonly s: string) {}

  done(): boolean {
    return this.i === this.s.length;
  }

  space(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i]!)) this.i++;
  }

  private eat(token: string): boolean {
    this.space();
    if (!this.s.startsWith(token, this.i)) return false;
    this.i += token.length;
    return true;
  }

  value(depth: number): PyValue {
    if (depth > 100) throw new Error("too deep");
    this.space();
    const rest = this.s.slice(this.i);
    const c = rest[0];
    if (c === "[") return { t: "list", v: this.items("[", "]", depth) };
    if (c === "(") {
      this.i++;
      if (this.eat(")")) return { t: "tuple", v: [] };
      const first = this.value(depth + 1);
      if (this.eat(")")) return first; // parentheses around one value
      if (!this.eat(",")) throw new Error("expected ,");
      this.i--;
      return { t: "tuple", v: [first, ...this.items(",", ")", depth)] };
    }
    if (c === "{") return this.braces(depth);
    if (c === "-" || c === "+") {
      this.i++;
      const inner = this.value(depth + 1);
      if (inner.t === "int") return c === "-" ? { t: "int", v: -inner.v } : inner;
      if (inner.t === "float") return c === "-" ? { t: "float", v: -inner.v } : inner;
      throw new Error("sign on a non-number");
    }
    const word = /^[A-Za-z_]\w*/.exec(rest)?.[0];
    if (word && !/^[rRuU]?['"]/.test(rest)) {
      this.i += word.length;
      if (word === "None") return { t: "none" };
      if (word === "True" || word === "False") return { t: "bool", v: word === "True" };
      throw new Error("not a literal");
    }
    if (/^[0-9.]/.test(rest)) return this.number(rest);
    return this.string();
  }

  private items(open: string, close: string, depth: number): PyValue[] {
    if (!this.eat(open)) throw new Error(`expected ${open}`);
    const out: PyValue[] = [];
    for (;;) {
      if (this.eat(close)) return out;
      out.push(this.value(depth + 1));
      if (this.eat(close)) return out;
      if (!this.eat(",")) throw new Error("expected ,");
    }
  }

  private braces(depth: number): PyValue {
    this.i++;
    if (this.eat("}")) return { t: "dict", v: [] };
    const first = this.value(depth + 1);
    if (this.eat(":")) {
      const pairs: [PyValue, PyValue][] = [[first, this.value(depth + 1)]];
      for (;;) {
        if (this.eat("}")) return { t: "dict", v: pairs };
        if (!this.eat(",")) throw new Error("expected ,");
        if (this.eat("}")) return { t: "dict", v: pairs };
        const key = this.value(depth + 1);
        if (!this.eat(":")) throw new Error("expected :");
        pairs.push([key, this.value(depth + 1)]);
      }
    }
    const items = [first];
    for (;;) {
      if (this.eat("}")) return { t: "set", v: items };
      if (!this.eat(",")) throw new Error("expected ,");
      if (this.eat("}")) return { t: "set", v: items };
      items.push(this.value(depth + 1));
    }
  }

  private number(rest: string): PyValue {
    const based = /^0([xXoObB])[0-9a-fA-F_]+/.exec(rest);
    if (based) {
      this.i += based[0].length;
      this.noTail();
      return { t: "int", v: BigInt(based[0].replace(/_/g, "")) };
    }
    const m = /^(?:\d[\d_]*)?(?:\.(?:\d[\d_]*)?)?(?:[eE][+-]?\d[\d_]*)?/.exec(rest)![0];
    if (!m || m === "." || !/\d/.test(m)) throw new Error("not a number");
    this.i += m.length;
    this.noTail();
    const clean = m.replace(/_/g, "");
    if (/[.eE]/.test(clean)) return { t: "float", v: Number.parseFloat(clean.startsWith(".") ? `0${clean}` : clean) };
    if (/^0\d/.test(clean) && /[1-9]/.test(clean)) throw new Error("leading zero");
    return { t: "int", v: BigInt(clean) };
  }

  private noTail(): void {
    if (/^[\w.]/.test(this.s.slice(this.i))) throw new Error("not a plain number"); // 1j, 1.2.3, 1L
  }

  private string(): PyValue {
    let out = "";
    let any = false;
    for (;;) {
      this.space();
      const head = /^([rRuU]?)('''|"""|'|")/.exec(this.s.slice(this.i));
      if (!head) break;
      any = true;
      this.i += head[0].length;
      const raw = head[1]!.toLowerCase() === "r";
      const quote = head[2]!;
      for (;;) {
        if (this.i >= this.s.length) throw new Error("unclosed string");
        if (this.s.startsWith(quote, this.i)) {
          this.i += quote.length;
          break;
        }
        const ch = this.s[this.i]!;
        if (ch === "\n" && quote.length === 1) throw new Error("unclosed string");
        if (ch === "\\") {
          out += raw ? this.s.slice(this.i, this.i + 2) : this.escape();
          if (raw) this.i += 2;
          continue;
        }
        out += ch;
        this.i++;
      }
    }
    if (!any) throw new Error("not a literal");
    return { t: "str", v: out };
  }

  private escape(): string {
    const next = this.s[this.i + 1] ?? "";
    this.i += 2;
    const simple: Record<string, string> = {
      "\\": "\\",
      "'": "'",
      '"': '"',
      n: "\n",
      t: "\t",
      r: "\r",
      a: "\x07",
      b: "\b",
      f: "\f",
      v: "\v",
      "\n": "",
    };
    if (next in simple) return simple[next]!;
    const hex = (n: number) => {
      const digits = this.s.slice(this.i, this.i + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(digits)) throw new Error("bad escape");
      this.i += n;
      return String.fromCodePoint(Number.parseInt(digits, 16));
    };
    if (next === "x") return hex(2);
    if (next === "u") return hex(4);
    if (next === "U") return hex(8);
    if (/[0-7]/.test(next)) {
      const more = /^[0-7]{0,2}/.exec(this.s.slice(this.i))![0];
      this.i += more.length;
      return String.fromCharCode(Number.parseInt(next + more, 8));
    }
    if (next === "N") throw new Error("named escapes are not supported");
    return `\\${next}`; // Python keeps unknown escapes as written
  }
}
