/**
 * Short names for models and suites where the full ones do not fit (table rows, chart legends): the catalog's
 * DeepSeek-R1-Distill-Qwen-1.5B-Q4_K_M is "R1 1.5B · Q4_K_M"; another long name keeps its start and its end (where
 * quantizations are written) around "…". Names that would become equal stay whole. The full name goes in a tooltip.
 */
const MAX = 20;
// a server names it with its publisher (vLLM, SGLang: "deepseek-ai/DeepSeek-R1-Distill-Qwen-32B")
const R1_DISTILL = /^(?:[\w.-]+\/)?DeepSeek-R1-Distill-(?:Qwen|Llama)-([\d.]+B)[-_.]?(.*)$/i;

export function shortName(name: string): string {
  // a variant's suffix (" · majority of 3", a server's " @ host:port") says what the column is: only the model's
  // name before it is shortened
  const suffix = / · majority of \d+$/.exec(name)?.[0] ?? / @ [^\s@]+$/.exec(name)?.[0] ?? "";
  if (suffix) return `${shortName(name.slice(0, -suffix.length))}${suffix}`;
  const bare = name.replace(/\.gguf$/i, "");
  const r1 = R1_DISTILL.exec(bare);
  if (r1) return r1[2] ? `R1 ${r1[1]} · ${r1[2]}` : `R1 ${r1[1]}`;
  const chars = [...bare];
  if (chars.length <= MAX) return bare;
  return `${chars.slice(0, 9).join("")}…${chars.slice(-(MAX - 10)).join("")}`;
}

/** Short names for several models shown together, every one still telling its model apart. */
export function shortNames(names: readonly string[]): Map<string, string> {
  const short = new Map(names.map((name) => [name, shortName(name)]));
  const counts = new Map<string, number>();
  for (const s of short.values()) counts.set(s, (counts.get(s) ?? 0) + 1);
  for (const [name, s] of short) if (counts.get(s)! > 1) short.set(name, name);
  return short;
}
