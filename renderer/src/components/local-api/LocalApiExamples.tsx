import { useTranslation } from "react-i18next";
import { curlExample, type ExampleInput, pythonExample } from "../../../../electron/shared/local-api-examples";
import { CopyButton } from "../chat/CopyButton";

/** The key with its secret part hidden, for the screen (copying always gives the whole key). */
export function maskKey(key: string): string {
  return `${key.slice(0, 12)}${"•".repeat(12)}`;
}

/** The curl and Python examples, filled in with this install's address, key and model, each copyable. */
export function LocalApiExamples({
  reveal,
  apiKey,
  ...rest
}: Omit<ExampleInput, "key"> & { apiKey: string; reveal: boolean }) {
  const { t } = useTranslation();
  // `key` is React's own prop name, hence `apiKey` here
  const input: ExampleInput = { ...rest, key: apiKey };
  const masked = { ...input, key: maskKey(apiKey) };
  const examples = [
    { id: "curl", title: t("localApi.exampleCurl"), text: curlExample(input), shown: curlExample(masked) },
    { id: "python", title: t("localApi.examplePython"), text: pythonExample(input), shown: pythonExample(masked) },
  ];
  return (
    <div className="local-api-examples">
      {examples.map((example) => (
        <div key={example.id}>
          <h3>
            {example.title} <CopyButton text={example.text} />
          </h3>
          <pre data-testid={`local-api-example-${example.id}`}>
            <code>{reveal ? example.text : example.shown}</code>
          </pre>
        </div>
      ))}
    </div>
  );
}
