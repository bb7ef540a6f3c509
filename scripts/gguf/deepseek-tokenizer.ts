/**
 * The tokenizer layout of DeepSeek-R1-Distill-Qwen-1.5B: byte-level BPE ("gpt2") with the
 * "deepseek-r1-qwen" pre-tokenizer, regular tokens first, then the 22 added tokens, then padding.
 */
export const TokenType = { NORMAL: 1, UNKNOWN: 2, CONTROL: 3, USER_DEFINED: 4, UNUSED: 5, BYTE: 6 } as const;

export const BOS = "<｜begin▁of▁sentence｜>";
export const EOS = "<｜end▁of▁sentence｜>";
export const USER = "<｜User｜>";
export const ASSISTANT = "<｜Assistant｜>";
export const THINK_OPEN = "<think>";
export const THINK_CLOSE = "</think>";

/** The added tokens in id order (151643… in the real model), with their GGUF token type. */
export const addedTokens: readonly { text: string; type: number }[] = [
  { text: EOS, type: TokenType.CONTROL },
  { text: USER, type: TokenType.USER_DEFINED },
  { text: ASSISTANT, type: TokenType.USER_DEFINED },
  { text: BOS, type: TokenType.CONTROL },
  { text: "<|EOT|>", type: TokenType.CONTROL },
  { text: THINK_OPEN, type: TokenType.USER_DEFINED },
  { text: THINK_CLOSE, type: TokenType.USER_DEFINED },
  { text: "<|quad_start|>", type: TokenType.CONTROL },
  { text: "<|quad_end|>", type: TokenType.CONTROL },
  { text: "<|vision_start|>", type: TokenType.CONTROL },
  { text: "<|vision_end|>", type: TokenType.CONTROL },
  { text: "<|vision_pad|>", type: TokenType.CONTROL },
  { text: "<|image_pad|>", type: TokenType.CONTROL },
  { text: "<|video_pad|>", type: TokenType.CONTROL },
  { text: "<tool_call>", type: TokenType.USER_DEFINED },
  { text: "</tool_call>", type: TokenType.USER_DEFINED },
  { text: "<|fim_prefix|>", type: TokenType.CONTROL },
  { text: "<|fim_middle|>", type: TokenType.CONTROL },
  { text: "<|fim_suffix|>", type: TokenType.CONTROL },
  { text: "<|fim_pad|>", type: TokenType.CONTROL },
  { text: "<|repo_name|>", type: TokenType.CONTROL },
  { text: "<|file_sep|>", type: TokenType.CONTROL },
];

/** The model's own chat template (DeepSeek-R1 distills, with the `<think>\n` generation prompt). */
export const CHAT_TEMPLATE =
  "{% if not add_generation_prompt is defined %}{% set add_generation_prompt = false %}{% endif %}" +
  "{% set ns = namespace(is_first=false, is_tool=false, is_output_first=true, system_prompt='') %}" +
  "{%- for message in messages %}{%- if message['role'] == 'system' %}{% set ns.system_prompt = message['content'] %}{%- endif %}{%- endfor %}" +
  "{{bos_token}}{{ns.system_prompt}}" +
  "{%- for message in messages %}" +
  "{%- if message['role'] == 'user' %}{%- set ns.is_tool = false -%}{{'<｜User｜>' + message['content']}}{%- endif %}" +
  "{%- if message['role'] == 'assistant' and message['content'] is none %}{%- set ns.is_tool = false -%}" +
  "{%- for tool in message['tool_calls']%}{%- if not ns.is_first %}" +
  "{{'<｜Assistant｜><｜tool▁calls▁begin｜><｜tool▁call▁begin｜>' + tool['type'] + '<｜tool▁sep｜>' + tool['function']['name'] + '\\n' + '```json' + '\\n' + tool['function']['arguments'] + '\\n' + '```' + '<｜tool▁call▁end｜>'}}" +
  "{%- set ns.is_first = true -%}{%- else %}" +
  "{{'\\n' + '<｜tool▁call▁begin｜>' + tool['type'] + '<｜tool▁sep｜>' + tool['function']['name'] + '\\n' + '```json' + '\\n' + tool['function']['arguments'] + '\\n' + '```' + '<｜tool▁call▁end｜>'}}" +
  "{{'<｜tool▁calls▁end｜><｜end▁of▁sentence｜>'}}{%- endif %}{%- endfor %}{%- endif %}" +
  "{%- if message['role'] == 'assistant' and message['content'] is not none %}" +
  "{%- if ns.is_tool %}{{'<｜tool▁outputs▁end｜>' + message['content'] + '<｜end▁of▁sentence｜>'}}{%- set ns.is_tool = false -%}" +
  "{%- else %}{% set content = message['content'] %}{% if '</think>' in content %}{% set content = content.split('</think>')[-1] %}{% endif %}" +
  "{{'<｜Assistant｜>' + content + '<｜end▁of▁sentence｜>'}}{%- endif %}{%- endif %}" +
  "{%- if message['role'] == 'tool' %}{%- set ns.is_tool = true -%}" +
  "{%- if ns.is_output_first %}{{'<｜tool▁outputs▁begin｜><｜tool▁output▁begin｜>' + message['content'] + '<｜tool▁output▁end｜>'}}{%- set ns.is_output_first = false %}" +
  "{%- else %}{{'\\n<｜tool▁output▁begin｜>' + message['content'] + '<｜tool▁output▁end｜>'}}{%- endif %}{%- endif %}" +
  "{%- endfor -%}" +
  "{% if ns.is_tool %}{{'<｜tool▁outputs▁end｜>'}}{% endif %}" +
  "{% if add_generation_prompt and not ns.is_tool %}{{'<｜Assistant｜><think>\\n'}}{% endif %}";

export interface Vocabulary {
  tokens: string[];
  types: number[];
  merges: string[];
  bosId: number;
  eosId: number;
  padId: number;
  idOf(token: string): number;
}

/**
 * Regular tokens (byte-level strings; the first 256 must be the byte tokens), then the added
 * tokens, then `[PAD<i>]` up to `paddedSize`. Token texts must be unique: llama.cpp aborts otherwise.
 */
export function buildVocabulary(regular: readonly string[], merges: string[], paddedSize: number): Vocabulary {
  const tokens = [...regular, ...addedTokens.map((t) => t.text)];
  const types = [...regular.map(() => TokenType.NORMAL), ...addedTokens.map((t) => t.type)];
  for (let i = tokens.length; i < paddedSize; i++) {
    tokens.push(`[PAD${i}]`);
    types.push(TokenType.UNUSED);
  }
  const index = new Map<string, number>();
  tokens.forEach((t, i) => {
    if (index.has(t)) throw new Error(`duplicate token text ${JSON.stringify(t)} at ${i}`);
    index.set(t, i);
  });
  const idOf = (token: string) => {
    const id = index.get(token);
    if (id === undefined) throw new Error(`token not in vocabulary: ${JSON.stringify(token)}`);
    return id;
  };
  return { tokens, types, merges, bosId: idOf(BOS), eosId: idOf(EOS), padId: idOf("<|vision_pad|>"), idOf };
}
