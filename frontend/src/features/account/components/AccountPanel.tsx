import { Facts } from "../../../components/Facts";
import { ErrorMessage, Loading } from "../../../components/Status";
import type { Role } from "../../../lib/auth";
import { useMessages } from "../../../lib/i18n";
import { useMe } from "../api";
import { messages } from "../messages";
import { PasswordChangeForm } from "./PasswordChangeForm";
import { TwoFactorSection } from "./TwoFactorSection";

/** The signed-in user's own account: who they are, their password and their two-factor sign-in. */
export function AccountPanel({ roleLabel }: { roleLabel: (role: Role) => string }) {
  const t = useMessages(messages);
  const me = useMe();
  if (me.isPending) return <Loading />;
  if (me.error) return <ErrorMessage error={me.error} onRetry={() => me.refetch()} />;
  return (
    <div className="stack" data-testid="account">
      <section className="card card__body">
        <Facts
          facts={[
            { label: t("name"), value: me.data.name },
            { label: t("email"), value: me.data.email },
            { label: t("role"), value: roleLabel(me.data.role) },
            { label: t("company"), value: me.data.company?.name },
          ]}
        />
      </section>
      <PasswordChangeForm email={me.data.email} />
      <TwoFactorSection enabled={me.data.mfa_enabled} />
    </div>
  );
}
