import { useTranslation } from "react-i18next";

export function WelcomeScreen({ dataDir }: { dataDir: string | null }) {
  const { t } = useTranslation();
  return (
    <section className="welcome">
      <h1>{t("welcome.title")}</h1>
      <p>{t("app.tagline")}</p>
      <p>{t("welcome.body")}</p>
      {dataDir && <p className="muted">{t("welcome.dataDir", { dir: dataDir })}</p>}
    </section>
  );
}
