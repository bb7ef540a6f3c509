import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Screen } from "../stores/app-store";

export interface SidebarProps {
  screens: readonly Screen[];
  current: Screen;
  onNavigate(screen: Screen): void;
  footer?: ReactNode;
  children?: ReactNode;
}

export function Sidebar({ screens, current, onNavigate, footer, children }: SidebarProps) {
  const { t } = useTranslation();
  return (
    <aside className="sidebar">
      <div className="brand">{t("app.name")}</div>
      <nav aria-label={t("nav.label")}>
        <ul className="nav-list">
          {screens.map((screen) => (
            <li key={screen}>
              <button
                type="button"
                className="nav-item"
                aria-current={screen === current ? "page" : undefined}
                onClick={() => onNavigate(screen)}
              >
                {t(`nav.${screen}`)}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <div className="sidebar-body">{children}</div>
      <div className="sidebar-footer">{footer}</div>
    </aside>
  );
}
