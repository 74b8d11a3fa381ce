import { useState, type FormEvent } from "react";
import { Badge } from "../../../components/Badge";
import { OneTimeSecret } from "../../../components/CopyButton";
import { Dialog } from "../../../components/Dialog";
import { ErrorMessage } from "../../../components/Status";
import { useFormat, useMessages } from "../../../lib/i18n";
import { useAction } from "../../../lib/useAction";
import type { ApiClient, ApiClientActions, ApiClientWithSecret } from "../types";
import { messages } from "../messages";

/** The grace periods offered for a rotation, in hours (the server takes 0 to 168). */
const GRACE_HOURS = [0, 1, 24, 72, 168] as const;
type GraceHours = (typeof GRACE_HOURS)[number];

/** The company's API keys (admins): list with last use, create, rotate with a grace period, revoke. */
export function ApiKeysManager({ clients, actions }: { clients: ApiClient[]; actions: ApiClientActions }) {
  const t = useMessages(messages);
  const [secret, setSecret] = useState<ApiClientWithSecret | null>(null);
  const [rotating, setRotating] = useState<ApiClient | null>(null);
  return (
    <div className="stack" data-testid="api-keys">
      <p className="muted">{t("intro")}</p>
      <CreateForm create={actions.create} onCreated={setSecret} />
      {clients.length === 0 ? <p className="muted">{t("empty")}</p> : <ClientTable clients={clients} revoke={actions.revoke} onRotate={setRotating} />}
      {rotating && (
        <RotateDialog
          client={rotating}
          rotate={actions.rotate}
          onClose={() => setRotating(null)}
          onRotated={(rotated) => {
            setRotating(null);
            setSecret(rotated);
          }}
        />
      )}
      <Dialog
        open={secret !== null}
        title={t("secretTitle")}
        onClose={() => setSecret(null)}
        footer={
          <button type="button" className="button" onClick={() => setSecret(null)}>
            {t("close")}
          </button>
        }
      >
        {secret && (
          <div className="stack">
            <p>{t("secretFor", { name: secret.name, clientId: secret.client_id })}</p>
            <OneTimeSecret value={secret.client_secret} testId="client-secret" />
          </div>
        )}
      </Dialog>
    </div>
  );
}

function CreateForm({ create, onCreated }: { create: ApiClientActions["create"]; onCreated: (created: ApiClientWithSecret) => void }) {
  const t = useMessages(messages);
  const action = useAction(create);
  const [name, setName] = useState("");

  function submit(event: FormEvent) {
    event.preventDefault();
    void action.start(name.trim(), (created) => {
      setName("");
      onCreated(created);
    });
  }

  return (
    <form className="card card__body stack" onSubmit={submit} aria-label={t("create")}>
      {action.error !== null && <ErrorMessage error={action.error} />}
      <div className="inline-form">
        <label className="field">
          <span className="field__label">{t("name")}</span>
          <input type="text" required maxLength={200} placeholder={t("namePlaceholder")} value={name} onChange={(event) => setName(event.target.value)} />
        </label>
        <button type="submit" className="button button--primary" disabled={action.pending}>
          {action.pending ? t("creating") : t("create")}
        </button>
      </div>
    </form>
  );
}

function ClientTable({ clients, revoke, onRotate }: { clients: ApiClient[]; revoke: ApiClientActions["revoke"]; onRotate: (client: ApiClient) => void }) {
  const t = useMessages(messages);
  return (
    <div className="table-scroll">
      <table className="table api-keys-table">
        <thead>
          <tr>
            <th scope="col">{t("name")}</th>
            <th scope="col">{t("clientId")}</th>
            <th scope="col">{t("created")}</th>
            <th scope="col">{t("lastUsed")}</th>
            <th scope="col">{t("status")}</th>
            <th scope="col">{t("actions")}</th>
          </tr>
        </thead>
        <tbody>
          {clients.map((client) => (
            <ClientRow key={client.id} client={client} revoke={revoke} onRotate={onRotate} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ClientRow({ client, revoke, onRotate }: { client: ApiClient; revoke: ApiClientActions["revoke"]; onRotate: (client: ApiClient) => void }) {
  const t = useMessages(messages);
  const format = useFormat();
  const action = useAction(revoke);
  const revoked = client.revoked_at != null;
  return (
    <tr data-testid="api-key" data-name={client.name}>
      <td>
        <strong>{client.name}</strong>
        {client.previous_secret_expires_at && !revoked && (
          <div className="muted small">{t("previousUntil", { time: format.dateTime(client.previous_secret_expires_at) })}</div>
        )}
      </td>
      <td>
        <code>{client.client_id}</code>
      </td>
      <td className="nowrap">{format.dateTime(client.created_at)}</td>
      <td className="nowrap">{client.last_used_at ? format.dateTime(client.last_used_at) : t("never")}</td>
      <td>
        <Badge tone={revoked ? "neutral" : "success"}>{revoked ? t("revoked") : t("active")}</Badge>
      </td>
      <td>
        {!revoked && (
          <div className="member-actions">
            <button type="button" className="button button--small" onClick={() => onRotate(client)}>
              {t("rotate")}
            </button>
            <button
              type="button"
              className="button button--small button--danger"
              disabled={action.pending}
              onClick={() => window.confirm(t("confirmRevoke", { name: client.name })) && void action.start(client.id)}
            >
              {t("revoke")}
            </button>
          </div>
        )}
        {action.error !== null && <ErrorMessage error={action.error} />}
      </td>
    </tr>
  );
}

interface RotateDialogProps {
  client: ApiClient;
  rotate: ApiClientActions["rotate"];
  onClose: () => void;
  onRotated: (rotated: ApiClientWithSecret) => void;
}

function RotateDialog({ client, rotate, onClose, onRotated }: RotateDialogProps) {
  const t = useMessages(messages);
  const action = useAction(({ id, hours }: { id: string; hours: number }) => rotate(id, hours));
  const [hours, setHours] = useState<GraceHours>(24);
  return (
    <Dialog
      open
      title={t("rotateTitle", { name: client.name })}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t("cancel")}
          </button>
          <button
            type="button"
            className="button button--primary"
            disabled={action.pending}
            onClick={() => void action.start({ id: client.id, hours }, onRotated)}
          >
            {action.pending ? t("rotating") : t("rotate")}
          </button>
        </>
      }
    >
      <div className="stack">
        {action.error !== null && <ErrorMessage error={action.error} />}
        <label className="field">
          <span className="field__label">{t("grace")}</span>
          <select value={hours} onChange={(event) => setHours(Number(event.target.value) as GraceHours)}>
            {GRACE_HOURS.map((option) => (
              <option key={option} value={option}>
                {t(`grace.${option}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
    </Dialog>
  );
}
