/** Renders a component with the app's i18n, for component tests. */
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { I18nextProvider } from "react-i18next";
import { i18n } from "../i18n/i18n";

export function renderWithI18n(ui: ReactElement, language: "en" | "zh-CN" = "en") {
  void i18n.changeLanguage(language);
  return render(<I18nextProvider i18n={i18n}>{ui}</I18nextProvider>);
}
