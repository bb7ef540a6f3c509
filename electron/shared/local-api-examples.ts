/** The copyable examples Settings → Local API shows: curl and Python's `openai` package, filled in. */
import type { ReasoningFormat } from "./local-api-schemas.js";

export interface ExampleInput {
  url: string;
  key: string;
  model: string;
  reasoningFormat: ReasoningFormat;
}

/** Single quotes for a POSIX shell: safe for any key or model name. */
function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

export function curlExample({ url, key, model }: ExampleInput): string {
  const body = JSON.stringify({ model, messages: [{ role: "user", content: "Hello" }], stream: true });
  return [
    `curl ${shellQuote(`${url}/chat/completions`)} \\`,
    `  -H ${shellQuote(`Authorization: Bearer ${key}`)} \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -d ${shellQuote(body)}`,
  ].join("\n");
}

export function pythonExample({ url, key, model, reasoningFormat }: ExampleInput): string {
  const reasoning =
    reasoningFormat === "think"
      ? []
      : [
          `    thought = getattr(delta, ${JSON.stringify(reasoningFormat)}, None)`,
          "    if thought:",
          '        print(thought, end="", flush=True)',
        ];
  return [
    "from openai import OpenAI",
    "",
    `client = OpenAI(base_url=${JSON.stringify(url)}, api_key=${JSON.stringify(key)})`,
    "stream = client.chat.completions.create(",
    `    model=${JSON.stringify(model)},`,
    '    messages=[{"role": "user", "content": "Hello"}],',
    "    stream=True,",
    ")",
    "for chunk in stream:",
    "    if not chunk.choices:",
    "        continue",
    "    delta = chunk.choices[0].delta",
    ...reasoning,
    "    if delta.content:",
    '        print(delta.content, end="", flush=True)',
  ].join("\n");
}
