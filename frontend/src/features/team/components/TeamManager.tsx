import { useState, type FormEvent } from "react";
import { teamRoleValues } from "../../../api/client";
import { Badge, type Tone } from "../../../components/Badge";
import { OneTimeSecret } from "../../../components/CopyButton";
import { Dialog } from "../../../components/Dialog";
import { ErrorMessage, Loading } from "../../../components/Status";
import { EMPTY, useFormat, useMessages } from "../../../lib/i18n";
import { useViewer } from "../../../lib/useViewer";
import { lastSignInOf, useChangeMember, useInvite, useMembers, useReinvite, useResetMfa, type Invitation, type Member, type TeamRole } from "../api";
import { messages } from "../messages";

const STATUS_TONE: Record<Member["status"], Tone> = { invited: "info", active: "success", deactivated: "neutral" };

/** The company's members (admins): invite, change roles, deactivate and reactivate, invite again. */
export function TeamManager() {
  const t = useMessages(messages);
  const members = useMembers();
  const [invitation, setInvitation] = useState<Invitation | null>(null);
  return (
    <div className="stack" data-testid="team">
      <InviteForm onInvited={setInvitation} />
      {members.isPending && <Loading />}
      {members.error && <ErrorMessage error={members.error} onRetry={() => members.refetch()} />}
      {members.data && <MemberTable members={members.data.items} onInvited={setInvitation} />}
      <Dialog
        open={invitation !== null}
        title={t("linkTitle")}
        onClose={() => setInvitation(null)}
        footer={
          <button type="button" className="button" onClick={() => setInvitation(null)}>
            {t("close")}
          </button>
        }
      >
        {invitation && <InvitationLink invitation={invitation} />}
      </Dialog>
    </div>
  );
}

function InvitationLink({ invitation }: { invitation: Invitation }) {
  const t = useMessages(messages);
  const format = useFormat();
  return (
    <div className="stack">
      <p>{t("linkFor", { email: invitation.user.email, time: format.dateTime(invitation.expires_at) })}</p>
      <OneTimeSecret value={invitation.invitation_url} testId="invitation-url" />
    </div>
  );
}

function InviteForm({ onInvited }: { onInvited: (invitation: Invitation) => void }) {
  const t = useMessages(messages);
  const invite = useInvite();
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<TeamRole>("operator");

  function submit(event: FormEvent) {
    event.preventDefault();
    invite.mutate(
      { email: email.trim(), role, name: name.trim() || null },
      {
        onSuccess: (invitation) => {
          setEmail("");
          setName("");
          onInvited(invitation);
        },
      },
    );
  }

  return (
    <form className="card card__body stack" onSubmit={submit} aria-label={t("invite")}>
      <h2>{t("invite")}</h2>
      {invite.error && <ErrorMessage error={invite.error} />}
      <div className="inline-form">
        <label className="field">
          <span className="field__label">{t("email")}</span>
          <input type="email" required maxLength={254} value={email} onChange={(event) => setEmail(event.target.value)} />
        </label>
        <label className="field">
          <span className="field__label">{t("nameOptional")}</span>
          <input type="text" maxLength={200} value={name} onChange={(event) => setName(event.target.value)} />
        </label>
        <RoleSelect label={t("role")} value={role} onChange={setRole} />
        <button type="submit" className="button button--primary" disabled={invite.isPending}>
          {invite.isPending ? t("inviting") : t("invite")}
        </button>
      </div>
    </form>
  );
}

interface RoleSelectProps {
  label: string;
  value: TeamRole;
  onChange: (role: TeamRole) => void;
  disabled?: boolean;
  /** In a table row the column header says what the select is; the label is for screen readers. */
  compact?: boolean;
}

function RoleSelect({ label, value, onChange, disabled, compact }: RoleSelectProps) {
  const t = useMessages(messages);
  return (
    <label className={compact ? undefined : "field"}>
      <span className={compact ? "visually-hidden" : "field__label"}>{label}</span>
      <select value={value} disabled={disabled} onChange={(event) => onChange(event.target.value as TeamRole)}>
        {teamRoleValues.map((role) => (
          <option key={role} value={role}>
            {t(`role.${role}`)}
          </option>
        ))}
      </select>
    </label>
  );
}

function MemberTable({ members, onInvited }: { members: Member[]; onInvited: (invitation: Invitation) => void }) {
  const t = useMessages(messages);
  if (members.length === 0) return <p className="muted">{t("empty")}</p>;
  return (
    <div className="table-scroll">
      <table className="table team-table">
        <thead>
          <tr>
            <th scope="col">{t("member")}</th>
            <th scope="col">{t("role")}</th>
            <th scope="col">{t("status")}</th>
            <th scope="col">{t("lastSignIn")}</th>
            <th scope="col">{t("actions")}</th>
          </tr>
        </thead>
        <tbody>
          {members.map((member) => (
            <MemberRow key={member.id} member={member} onInvited={onInvited} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function MemberRow({ member, onInvited }: { member: Member; onInvited: (invitation: Invitation) => void }) {
  const t = useMessages(messages);
  const format = useFormat();
  const viewer = useViewer();
  const change = useChangeMember();
  const reinvite = useReinvite();
  const resetMfa = useResetMfa();
  const error = change.error ?? reinvite.error ?? resetMfa.error;
  const lastSignIn = lastSignInOf(member);
  const isTeamRole = (teamRoleValues as readonly string[]).includes(member.role);
  return (
    <tr data-testid="member" data-email={member.email}>
      <td>
        <div className="cell-stack">
          <strong>{member.name}</strong>
          <span className="muted small">{member.email}</span>
          {member.id === viewer?.userId && <span className="muted small">{t("you")}</span>}
        </div>
      </td>
      <td>
        {isTeamRole ? (
          <RoleSelect
            compact
            label={t("roleOf", { name: member.name })}
            value={member.role as TeamRole}
            disabled={change.isPending}
            onChange={(role) => change.mutate({ id: member.id, body: { role } })}
          />
        ) : (
          t(`role.${member.role as TeamRole}`)
        )}
      </td>
      <td>
        <Badge tone={STATUS_TONE[member.status]}>{t(`status.${member.status}`)}</Badge>
      </td>
      <td className="nowrap">{lastSignIn ? format.dateTime(lastSignIn) : EMPTY}</td>
      <td>
        <div className="member-actions">
          {member.status === "invited" && (
            <button type="button" className="button button--small" onClick={() => reinvite.mutate(member.id, { onSuccess: onInvited })}>
              {t("reinvite")}
            </button>
          )}
          {member.mfa_enabled && (
            <button
              type="button"
              className="button button--small"
              disabled={resetMfa.isPending}
              onClick={() => window.confirm(t("confirmResetMfa", { name: member.name })) && resetMfa.mutate(member.id)}
            >
              {t("resetMfa")}
            </button>
          )}
          {member.status === "deactivated" ? (
            <button type="button" className="button button--small" onClick={() => change.mutate({ id: member.id, body: { active: true } })}>
              {t("reactivate")}
            </button>
          ) : (
            <button
              type="button"
              className="button button--small button--danger"
              onClick={() => window.confirm(t("confirmDeactivate", { name: member.name })) && change.mutate({ id: member.id, body: { active: false } })}
            >
              {t("deactivate")}
            </button>
          )}
        </div>
        {error && <ErrorMessage error={error} />}
      </td>
    </tr>
  );
}
