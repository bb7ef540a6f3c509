/**
 * A small, bounded arithmetic parser and evaluator for the answer readers and the math check:
 * numbers, + − × ÷ ^ mod, brackets, sqrt / cbrt, pi, one-letter variables and implicit products (2x, 3(x+1)).
 * Hand-written rather than a general CAS so that untrusted text can only ever produce a number or "no".
 */

export type Node =
  | { t: "num"; v: number }
  | { t: "var"; name: string }
  | { t: "neg"; a: Node }
  | { t: "bin"; op: "+" | "-" | "*" | "/" | "^" | "mod"; a: Node; b: Node }
  | { t: "fn"; name: "sqrt" | "cbrt"; a: Node };

const MAX_LENGTH = 2000;
const MAX_DEPTH = 60;
const FUNCTIONS = new Set(["sqrt", "cbrt"]);

type Token = { k: "num"; v: number } | { k: "id"; v: string } | { k: "op"; v: string };

function tokenize(text: string): Token[] | null {
  const tokens: Token[] = [];
  const pattern = /\s*(?:(\d+(?:\.\d+)?|\.\d+)|(sqrt|cbrt|pi|mod|[a-zA-Z])|(\*\*|[-+*/^(),%]))/y;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    pattern.lastIndex = at;
    const m = pattern.exec(text);
    if (!m) return null;
    if (m[1] !== undefined) tokens.push({ k: "num", v: Number(m[1]) });
    else if (m[2] !== undefined) tokens.push({ k: "id", v: m[2] });
    else tokens.push({ k: "op", v: m[3] === "**" ? "^" : m[3]! });
    at = pattern.lastIndex;
  }
  return tokens;
}

class Parser {
  private at = 0;
  private depth = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token | undefined {
    return this.tokens[this.at];
  }
  private isOp(v: string): boolean {
    const t = this.peek();
    return t?.k === "op" && t.v === v;
  }
  private enter(): void {
    if (++this.depth > MAX_DEPTH) throw new Error("too deep");
  }

  parseAll(): Node {
    const node = this.expr();
    if (this.at !== this.tokens.length) throw new Error("trailing input");
    return node;
  }

  private expr(): Node {
    this.enter();
    let node = this.term();
    while (this.isOp("+") || this.isOp("-")) {
      const op = (this.tokens[this.at++] as { v: "+" | "-" }).v;
      node = { t: "bin", op, a: node, b: this.term() };
    }
    this.depth--;
    return node;
  }

  private startsPrimary(): boolean {
    const t = this.peek();
    return t !== undefined && (t.k === "id" ? t.v !== "mod" : t.k === "num" || (t.k === "op" && t.v === "("));
  }

  private term(): Node {
    let node = this.unary();
    for (;;) {
      const t = this.peek();
      if (t?.k === "op" && (t.v === "*" || t.v === "/")) {
        this.at++;
        node = { t: "bin", op: t.v, a: node, b: this.unary() };
      } else if (t?.k === "id" && t.v === "mod") {
        this.at++;
        node = { t: "bin", op: "mod", a: node, b: this.unary() };
      } else if (this.startsPrimary()) {
        // implicit product: 2x, 3(x + 1), (x - 1)(x + 1); never number-number ("2 3" is not 6)
        if (t?.k === "num" && (node.t === "num" || (node.t === "bin" && node.op === "^")))
          throw new Error("two numbers");
        // 6/2(1+2) is read both ways by people: not an expression to judge answers by
        if (node.t === "bin" && node.op === "/") throw new Error("ambiguous implicit product");
        node = { t: "bin", op: "*", a: node, b: this.power() };
      } else return node;
    }
  }

  private unary(): Node {
    if (this.isOp("-")) {
      this.at++;
      this.enter();
      const node: Node = { t: "neg", a: this.unary() };
      this.depth--;
      return node;
    }
    if (this.isOp("+")) {
      this.at++;
      return this.unary();
    }
    return this.power();
  }

  private power(): Node {
    let base = this.primary();
    while (this.isOp("%")) {
      this.at++; // 25% of 80 is written 25% * 80
      base = { t: "bin", op: "/", a: base, b: { t: "num", v: 100 } };
    }
    if (this.isOp("^")) {
      this.at++;
      this.enter();
      const node: Node = { t: "bin", op: "^", a: base, b: this.unary() };
      this.depth--;
      return node;
    }
    return base;
  }

  private primary(): Node {
    const t = this.tokens[this.at++];
    if (!t) throw new Error("unexpected end");
    if (t.k === "num") return { t: "num", v: t.v };
    if (t.k === "id") {
      if (FUNCTIONS.has(t.v)) {
        if (!this.isOp("(")) throw new Error("function without brackets");
        return { t: "fn", name: t.v as "sqrt" | "cbrt", a: this.primary() };
      }
      if (t.v === "pi") return { t: "var", name: "pi" };
      if (t.v === "mod") throw new Error("mod");
      return { t: "var", name: t.v };
    }
    if (t.v === "(") {
      const inner = this.expr();
      if (!this.isOp(")")) throw new Error("unclosed bracket");
      this.at++;
      return inner;
    }
    throw new Error(`unexpected ${t.v}`);
  }
}

/** Parses plain math (see latexToPlain), or null when it is not an expression this evaluator understands. */
export function parseExpression(text: string): Node | null {
  if (text.length > MAX_LENGTH) return null;
  const tokens = tokenize(text);
  if (!tokens || tokens.length === 0) return null;
  try {
    return new Parser(tokens).parseAll();
  } catch {
    return null;
  }
}

export type Scope = Readonly<Record<string, number>>;

/** The value of a parsed expression; NaN for an unknown variable or an undefined operation. */
export function evaluateNode(node: Node, scope: Scope = {}): number {
  switch (node.t) {
    case "num":
      return node.v;
    case "var":
      return node.name in scope ? scope[node.name]! : node.name === "pi" ? Math.PI : Number.NaN;
    case "neg":
      return -evaluateNode(node.a, scope);
    case "fn": {
      const a = evaluateNode(node.a, scope);
      return node.name === "sqrt" ? (a < 0 ? Number.NaN : Math.sqrt(a)) : Math.cbrt(a);
    }
    case "bin": {
      const a = evaluateNode(node.a, scope);
      const b = evaluateNode(node.b, scope);
      switch (node.op) {
        case "+":
          return a + b;
        case "-":
          return a - b;
        case "*":
          return a * b;
        case "/":
          return b === 0 ? Number.NaN : a / b;
        case "^":
          return Math.abs(b) > 1000 ? Number.NaN : a ** b;
        case "mod":
          return b === 0 || !Number.isInteger(a) || !Number.isInteger(b) ? Number.NaN : ((a % b) + b) % b;
      }
    }
  }
}

/** The variables an expression uses (pi is a constant, not a variable). */
export function variablesOf(node: Node, into: Set<string> = new Set()): Set<string> {
  if (node.t === "var" && node.name !== "pi") into.add(node.name);
  else if (node.t === "neg" || node.t === "fn") variablesOf(node.a, into);
  else if (node.t === "bin") {
    variablesOf(node.a, into);
    variablesOf(node.b, into);
  }
  return into;
}

/** The number an expression without variables stands for, or null. */
export function numericValue(text: string): number | null {
  const node = parseExpression(text);
  if (!node || variablesOf(node).size > 0) return null;
  const value = evaluateNode(node);
  return Number.isFinite(value) ? value : null;
}
