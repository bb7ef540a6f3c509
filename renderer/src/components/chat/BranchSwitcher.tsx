import { useTranslation } from "react-i18next";

export interface BranchSwitcherProps {
  index: number;
  count: number;
  onSelect(index: number): void;
  disabled?: boolean;
}

export function BranchSwitcher({ index, count, onSelect, disabled }: BranchSwitcherProps) {
  const { t } = useTranslation();
  if (count < 2) return null;
  return (
    <span className="branch-switcher">
      <button
        type="button"
        aria-label={t("chat.previousBranch")}
        disabled={disabled || index === 0}
        onClick={() => onSelect(index - 1)}
      >
        ‹
      </button>
      <span data-testid="branch-position">{t("chat.branch", { index: index + 1, count })}</span>
      <button
        type="button"
        aria-label={t("chat.nextBranch")}
        disabled={disabled || index === count - 1}
        onClick={() => onSelect(index + 1)}
      >
        ›
      </button>
    </span>
  );
}
