import { useTranslation } from "react-i18next";
import { extractCodeBlocks, runnableLanguage } from "../../../../electron/shared/answers";
import type { CodeRunState } from "../../stores/homework-store";

export interface CodeTestsProps {
  answer: string;
  run: CodeRunState;
  onTestsChange(tests: string): void;
  onRun(code: string, language: "javascript" | "typescript"): void;
}

/** Code mode: the answer's code blocks, and its JavaScript / TypeScript run against the user's tests. */
export function CodeTests({ answer, run, onTestsChange, onRun }: CodeTestsProps) {
  const { t } = useTranslation();
  const blocks = extractCodeBlocks(answer);
  const runnable = blocks.filter((b) => runnableLanguage(b.language));
  if (blocks.length === 0) return <p className="muted">{t("homework.noCode")}</p>;
  const code = runnable.map((b) => b.code).join("\n\n");
  const language = runnable.some((b) => runnableLanguage(b.language) === "typescript") ? "typescript" : "javascript";
  return (
    <section className="code-tests" aria-label={t("homework.codeTests")}>
      <p className="muted">
        {t("homework.codeBlocks", {
          count: blocks.length,
          languages: [...new Set(blocks.map((b) => b.language || "?"))].join(", "),
        })}
      </p>
      {runnable.length === 0 ? (
        <p className="muted">{t("homework.notRunnable")}</p>
      ) : (
        <>
          <label>
            {t("homework.testsLabel")}
            <textarea
              value={run.tests}
              rows={3}
              placeholder={t("homework.testsPlaceholder")}
              onChange={(e) => onTestsChange(e.target.value)}
            />
          </label>
          <button type="button" disabled={run.running || !run.tests.trim()} onClick={() => onRun(code, language)}>
            {run.running ? t("homework.running") : t("homework.runTests")}
          </button>
        </>
      )}
      {run.error && (
        <p className="error-text" role="alert">
          {run.error}
        </p>
      )}
      {run.outcome?.error && (
        <p className="error-text" role="alert">
          {t("homework.codeError", { message: run.outcome.error })}
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
                {result.passed ? t("homework.pass") : t("homework.fail", { message: result.message ?? "" })}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
