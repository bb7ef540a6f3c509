/** Simple Chinese numerals (三百五十, 两千零五, 十二, 一万二千, 三点五) as numbers. */

const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const BIG: Record<string, number> = { 万: 10_000, 亿: 100_000_000 };

export const CHINESE_NUMERAL = /[零〇一二两三四五六七八九十百千万亿]+(?:点[零〇一二三四五六七八九]+)?/;

export function chineseNumeral(text: string): number | null {
  if (!new RegExp(`^(?:负)?${CHINESE_NUMERAL.source}$`).test(text)) return null;
  const negative = text.startsWith("负");
  const [whole, fraction] = text.replace(/^负/, "").split("点") as [string, string | undefined];
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  for (const c of whole) {
    if (c in DIGITS) {
      if (digit !== null && digit !== 0) return null; // 三五 is not a number
      digit = DIGITS[c]!;
    } else if (c in UNITS) {
      section += (digit ?? 1) * UNITS[c]!;
      digit = null;
    } else if (c in BIG) {
      total += (section + (digit ?? 0)) * BIG[c]!;
      section = 0;
      digit = null;
    }
  }
  let value = total + section + (digit ?? 0);
  if (fraction) value += Number(`0.${[...fraction].map((c) => DIGITS[c]).join("")}`);
  return negative ? -value : value;
}
