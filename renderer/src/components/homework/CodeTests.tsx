import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { extractCodeBlocks } from "../../../../electron/shared/answers";
import {
  SANDBOX_DEFAULTS,
  type SandboxErrorCode,
  type SandboxLanguage,
  sandboxLanguageOf,
} from "../../../../electron/shared/sandbox-codes";
import type { CodeRunState, PythonState } from "../../stores/homework-store";

export interface CodeTestsProps {
  answer: string;
  run: CodeRunState;
  /** Whether Python's engine is loaded ("preparing": its first load, seconds). */
  python?: PythonState;
  onPreparePython?(): void;
  onTestsChange(tests: string): void;
  onRun(code: string, language: SandboxLanguage): void;
}

/** The runnable code of an answer: the first runnable block's language family, its blocks joined. */
function runnableCode(answer: string): { code: string; language: SandboxLanguage } | null {
  const blocks = extractCodeBlocks(answer)
    .map((b) => ({ ...b, runAs: sandboxLanguageOf(b.language) }))
    .filter((b) => b.runAs);
  const first = blocks[0];
  if (!first) return null;
  const python = first.runAs === "python";
  const family = blocks.filter((b) => (b.runAs === "python") === python);
  const language = python ? "python" : family.some((b) => b.runAs === "typescript") ? "typescript" : "javascript";
  return { code: family.map((b) => b.code).join("\n\n"), language };
}

/** Code mode: the answer's code blocks, run (JavaScript, TypeScript or Python) against the user's tests. */
export function CodeTests({ answer, run, python = "ready", onPreparePython, onTestsChange, onRun }: CodeTestsProps) {
  const { t } = useTranslation();
  const blocks = extractCodeBlocks(answer);
  const runnable = runnableCode(answer);
  const isPython = runnable?.language === "python";
  useEffect(() => {
    if (isPython && python === "cold") onPreparePython?.();
  }, [isPython, python, onPreparePython]);
  if (blocks.length === 0) return <p className="muted">{t("homework.noCode")}</p>;
  const stopWords = (code: SandboxErrorCode | undefined, message: string | null) =>
    code ? t(`sandbox.${code}`, { ...SANDBOX_DEFAULTS, message: message ?? "" }) : (message ?? "");
  const preparing = isPython && python === "preparing";
  return (
    <section className="code-tests" aria-label={t("homework.codeTests")}>
      <p className="muted">
        {t("homework.codeBlocks", {
          count: blocks.length,
          languages: [...new Set(blocks.map((b) => b.language || "?"))].join(", "),
        })}
      </p>
      {!runnable ? (
        <p className="muted">{t("homework.notRunnable")}</p>
      ) : (
        <>
          <label>
            {t("homework.testsLabel")}
            <textarea
              value={run.tests}
              rows={3}
              placeholder={t(isPython ? "homework.testsPlaceholderPython" : "homework.testsPlaceholder")}
              onChange={(e) => onTestsChange(e.target.value)}
            />
          </label>
          <button
            type="button"
            disabled={run.running || !run.tests.trim()}
            onClick={() => onRun(runnable.code, runnable.language)}
          >
            {run.running ? t("homework.running") : t("homework.runTests")}
          </button>
          {preparing && (
            <p className="muted" role="status" data-testid="preparing-python">
              {t("homework.preparingPython")}
            </p>
          )}
        </>
      )}
      {run.error && (
        <p className="error-text" role="alert">
          {run.error}
        </p>
      )}
      {run.outcome?.error && (
        <p className="error-text" role="alert">
          {t("homework.codeError", { message: stopWords(run.outcome.errorCode, run.outcome.error) })}
        </p>
      )}
      {run.outcome && run.outcome.results.length > 0 && (
        <>
          <p data-testid="test-summary">
            {t("homework.testSummary", {
              passed: run.outcome.results.filter((r) => r.passed).length,
              total: run.outcome.results.length,
            })}
          </p>
          <ul className="test-results">
            {run.outcome.results.map((result, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: results keep the tests' order
              <li key={index} className={result.passed ? "pass" : "fail"} data-testid="test-result">
                <span aria-hidden>{result.passed ? "✓" : "✗"}</span> <code>{result.test}</code>
                {" — "}
                {result.passed
                  ? t("homework.pass")
                  : t("homework.fail", { message: stopWords(result.code, result.message) })}
              </li>
            ))}
          </ul>
        </>
      )}
      {run.outcome?.stdout && (
        <figure className="code-output">
          <figcaption>{t("homework.output")}</figcaption>
          <pre data-testid="code-stdout">{run.outcome.stdout}</pre>
        </figure>
      )}
    </section>
  );
}
