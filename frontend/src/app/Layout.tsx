import type { ReactNode } from "react";
import { NavLink, Outlet, useNavigate } from "react-router";
import { LANGUAGES, useLanguage, useMessages } from "../lib/i18n";
import { isAdmin } from "../lib/auth";
import { useViewer } from "../lib/useViewer";
import { LogOutButton } from "../features/auth";
import { useAwaitingCount } from "../features/queue";
import { ExpiryNotice } from "./ExpiryNotice";
import { messages } from "./messages";

export function Layout() {
  const t = useMessages(messages);
  const viewer = useViewer();
  const navigate = useNavigate();
  const awaiting = useAwaitingCount(Boolean(viewer));
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t("skipToContent")}
      </a>
      <header className="topbar">
        <NavLink to="/sessions" className="topbar__brand">
          <span className="topbar__logo" aria-hidden="true">✓</span>
          {t("product")}
        </NavLink>
        <nav className="topbar__nav" aria-label={t("mainNav")}>
          <NavLink to="/sessions" end>
            {t("sessions")}
          </NavLink>
          <NavLink to="/queue" data-testid="nav-queue">
            {t("awaitingAction")}
            {awaiting.data !== undefined && (
              <span className="badge badge--warning nav-count" aria-label={t("awaitingCount", { count: awaiting.data })}>
                {awaiting.data}
              </span>
            )}
          </NavLink>
          <NavLink to="/rejections">{t("rejections")}</NavLink>
          <NavLink to="/dashboard">{t("dashboard")}</NavLink>
          {isAdmin(viewer) && <NavLink to="/activity">{t("activityLog")}</NavLink>}
          {isAdmin(viewer) && <NavLink to="/settings/retention">{t("retention")}</NavLink>}
          {isAdmin(viewer) && <NavLink to="/settings">{t("settings")}</NavLink>}
          {isAdmin(viewer) && <NavLink to="/webhooks">{t("webhooks")}</NavLink>}
          {isAdmin(viewer) && <NavLink to="/api-keys">{t("apiKeys")}</NavLink>}
          {isAdmin(viewer) && <NavLink to="/team">{t("team")}</NavLink>}
        </nav>
        <div className="topbar__end">
          <LanguageSwitch />
          {viewer && (
            <NavLink to="/account" className="topbar__role" aria-label={`${t("myAccount")}: ${t(`role.${viewer.role}`)}`}>
              {t(`role.${viewer.role}`)}
            </NavLink>
          )}
          <LogOutButton label={t("logOut")} onSignedOut={() => navigate("/login", { replace: true })} />
        </div>
      </header>
      <main id="main" className="main" tabIndex={-1}>
        <ExpiryNotice />
        <Outlet />
      </main>
    </div>
  );
}

/** The frame of the pages seen signed out (signing in, accepting an invitation): one card. */
export function PublicShell({ children }: { children: ReactNode }) {
  return (
    <main className="login-page">
      <div className="login-page__language">
        <LanguageSwitch />
      </div>
      <div className="login-card">{children}</div>
    </main>
  );
}

export function LanguageSwitch() {
  const t = useMessages(messages);
  const { language, setLanguage } = useLanguage();
  return (
    <div className="language-switch" role="group" aria-label={t("language")}>
      {LANGUAGES.map(({ code, label }) => (
        <button
          key={code}
          type="button"
          lang={code}
          aria-pressed={language === code}
          className={language === code ? "language-switch__option is-active" : "language-switch__option"}
          onClick={() => setLanguage(code)}
        >
          {label}
        </button>
      ))}
    </div>
  );
}
