/** Text helpers shared by the answer readers: full-width forms, balanced braces, LaTeX commands. */

/** Full-width digits, letters and ASCII punctuation (Ａ, １, ＝, ％…) as their ASCII forms; CJK text is untouched. */
export function toHalfWidth(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, " ")
    .replace(/[−–—]/g, "-");
}

/** The index of the `}` that closes the `{` at `open`, or -1 (unbalanced). */
export function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "{") depth++;
    else if (text[i] === "}" && --depth === 0) return i;
  }
  return -1;
}

/** The contents of every `\boxed{…}` / `\fbox{…}` whose braces close, in order. */
export function boxedContents(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/\\(?:boxed|fbox)\s*\{/g)) {
    const open = match.index + match[0].length - 1;
    const close = closingBrace(text, open);
    if (close > 0) found.push(text.slice(open + 1, close).trim());
  }
  return found;
}

/** Replaces each `\cmd{a}{b}` (balanced) with `render(a, b)`; an argument may also be one bare character (`\frac12`). */
export function replaceCommand(
  text: string,
  command: string,
  args: number,
  render: (...values: string[]) => string,
): string {
  let out = text;
  let from = 0;
  for (let at = out.indexOf(command, from); at >= 0; at = out.indexOf(command, from)) {
    let i = at + command.length;
    if (/[a-zA-Z]/.test(out[i] ?? "")) {
      from = i; // \fracx is not \frac
      continue;
    }
    const values: string[] = [];
    for (let n = 0; n < args; n++) {
      while (out[i] === " ") i++;
      if (out[i] === "{") {
        const close = closingBrace(out, i);
        if (close < 0) return out;
        values.push(out.slice(i + 1, close));
        i = close + 1;
      } else if (out[i] !== undefined && /[\w.]/.test(out[i]!)) {
        values.push(out[i]!);
        i++;
      } else return out;
    }
    const replacement = render(...values);
    out = out.slice(0, at) + replacement + out.slice(i);
    from = at; // the replacement may itself hold the command (nested fractions)
  }
  return out;
}
