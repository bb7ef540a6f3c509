/** Units named in a question or an answer, normalised (metres → m, 平方厘米 → cm), to tell when a conversion is involved. */

const SYNONYMS: [RegExp, string][] = [
  [/^(?:mm|millimet(?:er|re)s?|毫米)$/, "mm"],
  [/^(?:cm|centimet(?:er|re)s?|厘米|公分)$/, "cm"],
  [/^(?:dm|decimet(?:er|re)s?|分米)$/, "dm"],
  [/^(?:km|kilomet(?:er|re)s?|千米|公里)$/, "km"],
  [/^(?:m|met(?:er|re)s?|米)$/, "m"],
  [/^(?:in|inch|inches|英寸)$/, "in"],
  [/^(?:ft|foot|feet)$/, "ft"],
  [/^(?:kg|kilograms?|千克|公斤)$/, "kg"],
  [/^(?:g|grams?|克)$/, "g"],
  [/^(?:l|litres?|liters?|升)$/, "l"],
  [/^(?:ml|millilitres?|milliliters?|毫升)$/, "ml"],
  [/^(?:h|hr|hrs|hours?|小时)$/, "h"],
  [/^(?:min|mins|minutes?|分钟)$/, "min"],
  [/^(?:s|sec|secs|seconds?|秒)$/, "s"],
  [/^(?:dollars?|usd|\$|美元)$/, "dollar"],
  [/^(?:yuan|rmb|元|块)$/, "yuan"],
  [/^(?:cents?|分)$/, "cent"],
];

export function normaliseUnit(token: string): string | null {
  const t = token
    .toLowerCase()
    .replace(/^(?:sq\.?|square|cubic)\s*|^平方|^立方|\^?\d$|[²³]$/g, "")
    .trim();
  for (const [pattern, unit] of SYNONYMS) if (pattern.test(t)) return unit;
  return null;
}

/** The distinct units a question names after a number or in "in square metres". */
export function unitsIn(text: string): Set<string> {
  const found = new Set<string>();
  const pattern =
    /\d\s*(?:\\text\{\s*)?([a-zA-Z$]{1,12}|平方[\u4e00-\u9fff]{1,2}|立方[\u4e00-\u9fff]{1,2}|[\u4e00-\u9fff]{1,2})|\bin (?:square |cubic )?([a-z]+)/gi;
  for (const m of text.matchAll(pattern)) {
    const token = m[1] ?? m[2] ?? "";
    const unit =
      normaliseUnit(token) ??
      normaliseUnit(token.slice(0, 1)) ??
      (token.length > 1 ? normaliseUnit(token.slice(0, 2)) : null);
    if (unit) found.add(unit);
  }
  return found;
}
