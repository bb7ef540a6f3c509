/**
 * Every error a service raises reaches the user in their language: this scan of the product sources fails when
 * a `new InkstoneError(` has no Chinese message, so a new site cannot forget it.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
/** local-api answers other programs in OpenAI's format (English is right there); contract-kit defines the class. */
const skipped = [path.join("services", "local-api") + path.sep, path.join("shared", "contract-kit.ts")];

function productSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return productSources(full);
    const relative = path.relative(root, full);
    const product = /\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) && !entry.name.endsWith(".d.ts");
    return product && !skipped.some((skip) => relative.startsWith(skip)) ? [full] : [];
  });
}

/** The text of the call's arguments, from after `(` to its matching `)`, skipping strings and templates. */
function argumentsAt(source: string, open: number): string {
  const closers: string[] = [")"];
  let i = open + 1;
  while (i < source.length && closers.length > 0) {
    const ch = source[i]!;
    const top = closers[closers.length - 1];
    if (top === "`") {
      if (ch === "\\") i++;
      else if (ch === "`") closers.pop();
      else if (ch === "$" && source[i + 1] === "{") {
        closers.push("}");
        i++;
      }
    } else if (ch === '"' || ch === "'") {
      for (i++; i < source.length && source[i] !== ch; i++) if (source[i] === "\\") i++;
    } else if (ch === "`") closers.push("`");
    else if (ch === "(" || ch === "{" || ch === "[") closers.push(ch === "(" ? ")" : ch === "{" ? "}" : "]");
    else if (ch === top) closers.pop();
    i++;
  }
  return source.slice(open + 1, i - 1);
}

/** The second top-level argument: the message. */
function messageArgument(args: string): string {
  let depth = 0;
  let start = -1;
  for (let i = 0; i < args.length; i++) {
    const ch = args[i]!;
    if ("({[".includes(ch)) depth++;
    else if (")}]".includes(ch)) depth--;
    else if (ch === '"' || ch === "'" || ch === "`") {
      for (i++; i < args.length && args[i] !== ch; i++) if (args[i] === "\\") i++;
    } else if (ch === "," && depth === 0) {
      if (start >= 0) return args.slice(start, i).trim();
      start = i + 1;
    }
  }
  return start >= 0 ? args.slice(start).trim() : "";
}

/** A conditional message's branches (`c ? { en, zh } : { en, zh }`), else the message itself. */
function branchesOf(message: string): string[] {
  const cuts: number[] = [];
  let depth = 0;
  for (let i = 0; i < message.length; i++) {
    const ch = message[i]!;
    if ("({[".includes(ch)) depth++;
    else if (")}]".includes(ch)) depth--;
    else if (ch === '"' || ch === "'" || ch === "`") {
      for (i++; i < message.length && message[i] !== ch; i++) if (message[i] === "\\") i++;
    } else if (depth === 0 && ch === "?" && (message[i + 1] === "?" || message[i + 1] === ".")) i++;
    else if (depth === 0 && (ch === "?" || ch === ":")) cuts.push(i);
  }
  if (cuts.length === 0) return [message];
  return cuts.map((cut, k) => message.slice(cut + 1, cuts[k + 1] ?? message.length).trim());
}

const bilingual = (message: string) => branchesOf(message).every((b) => b.startsWith("{") && /\bzh:/.test(b));

/** The Chinese literals of a message, interpolations (`${…}`, kept as they are) removed. */
function chineseTexts(message: string): string[] {
  return [...message.matchAll(/\bzh:\s*(`(?:[^`\\]|\\.)*`|"(?:[^"\\]|\\.)*")/g)].map((m) => {
    let text = "";
    let depth = 0;
    for (let i = 1; i < m[1]!.length - 1; i++) {
      const ch = m[1]![i]!;
      if (depth === 0 && ch === "$" && m[1]![i + 1] === "{") {
        depth = 1;
        i++;
      } else if (depth > 0) depth += ch === "{" ? 1 : ch === "}" ? -1 : 0;
      else text += ch;
    }
    return text;
  });
}

/** Sites whose Chinese uses ASCII punctuation where Chinese takes full-width （），：；？！ */
function halfWidthSites(file: string, source: string): string[] {
  return [...source.matchAll(/new InkstoneError\(/g)].flatMap((match) => {
    const message = messageArgument(argumentsAt(source, match.index + match[0].length - 1));
    const line = source.slice(0, match.index).split("\n").length;
    return chineseTexts(message).some((text) => /[,:;()?!]/.test(text)) ? [`${path.relative(root, file)}:${line}`] : [];
  });
}

function sitesWithoutChinese(file: string, source: string): string[] {
  const missing: string[] = [];
  for (const match of source.matchAll(/new InkstoneError\(/g)) {
    const open = match.index + match[0].length - 1;
    const line = source.slice(0, match.index).split("\n").length;
    const previousLine = source.split("\n")[line - 2] ?? "";
    if (/\/\/ english-only: \S/.test(previousLine)) continue;
    const message = messageArgument(argumentsAt(source, open));
    if (!bilingual(message)) missing.push(`${path.relative(root, file)}:${line}`);
  }
  return missing;
}

describe("InkstoneError messages", () => {
  it("every product site gives its message in Chinese too", () => {
    const files = productSources(root);
    expect(files.length).toBeGreaterThan(50);
    const missing = files.flatMap((file) => sitesWithoutChinese(file, readFileSync(file, "utf8")));
    expect(missing, `new InkstoneError(code, { en, zh }) missing zh at:\n${missing.join("\n")}`).toEqual([]);
  });

  it("Chinese messages use full-width punctuation", () => {
    const halfWidth = productSources(root).flatMap((file) => halfWidthSites(file, readFileSync(file, "utf8")));
    expect(halfWidth).toEqual([]);
    const sample = (open: string, close: string) =>
      `new InkstoneError("io_error", { en: "Full (disk).", zh: \`磁盘 \${f(a, b)} 已满${open}\${x}${close}。\` });`;
    expect(halfWidthSites(path.join(root, "y.ts"), sample("(", ")"))).toEqual(["y.ts:1"]);
    expect(halfWidthSites(path.join(root, "y.ts"), sample("（", "）"))).toEqual([]);
  });

  it("the scan tells a Chinese message from an English-only one", () => {
    const source = `throw new InkstoneError("io_error", { en: \`Disk \${x} full.\`, zh: \`磁盘 \${x} 已满。\` }, { reason: "full" });
throw new InkstoneError("io_error", \`Disk \${f({ a: 1 })} full.\`, { zh: "not the message" });
// english-only: llama.cpp's own words, passed through whole
throw new InkstoneError("engine_error", error.message);
throw new InkstoneError("model_error", "Damaged.");
throw new InkstoneError("io_error", a?.b ?? c ? { en: "Full.", zh: "已满。" } : { en: "Gone.", zh: "没了。" });
throw new InkstoneError("io_error", full ? { en: "Full.", zh: "已满。" } : "Gone.");`;
    expect(sitesWithoutChinese(path.join(root, "x.ts"), source)).toEqual(["x.ts:2", "x.ts:5", "x.ts:7"]);
  });
});
