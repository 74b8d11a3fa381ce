import { useState, type FormEvent } from "react";
import { Badge } from "../../../components/Badge";
import { Dialog } from "../../../components/Dialog";
import { ErrorMessage, Loading } from "../../../components/Status";
import { useFormat, useMessages } from "../../../lib/i18n";
import {
  SUBSCRIBABLE_TYPES,
  useAddWebhook,
  useChangeWebhook,
  useDeliveries,
  useRemoveWebhook,
  useResend,
  useRotateSecret,
  useSendTest,
  useWebhooks,
  type Webhook,
  type WebhookEventType,
} from "../api";
import { messages } from "../messages";
import { DeliveryTable } from "./DeliveryTable";

/** The company's endpoints (admins): add, enable or disable, rotate, test, remove, and their deliveries. */
export function WebhooksManager() {
  const t = useMessages(messages);
  const webhooks = useWebhooks();
  const [secret, setSecret] = useState<string | null>(null);
  return (
    <div className="stack" data-testid="webhooks">
      <p className="muted">{t("intro")}</p>
      <AddForm onSecret={setSecret} />
      {webhooks.isPending && <Loading />}
      {webhooks.error && <ErrorMessage error={webhooks.error} onRetry={() => webhooks.refetch()} />}
      {webhooks.data && webhooks.data.items.length === 0 && <p className="muted">{t("empty")}</p>}
      {webhooks.data?.items.map((webhook) => <Endpoint key={webhook.id} webhook={webhook} onSecret={setSecret} />)}
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
        <p>{t("secretOnce")}</p>
        <code data-testid="webhook-secret">{secret}</code>
      </Dialog>
    </div>
  );
}

function AddForm({ onSecret }: { onSecret: (secret: string) => void }) {
  const t = useMessages(messages);
  const add = useAddWebhook();
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<WebhookEventType[]>(["session.status_changed"]);

  function toggle(type: WebhookEventType) {
    setEvents((chosen) => (chosen.includes(type) ? chosen.filter((t) => t !== type) : [...chosen, type]));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    add.mutate(
      { url: url.trim(), events, enabled: true },
      {
        onSuccess: (created) => {
          setUrl("");
          onSecret(created.secret);
        },
      },
    );
  }

  return (
    <form className="card stack" onSubmit={submit} aria-label={t("add")}>
      {add.error && <ErrorMessage error={add.error} />}
      <label className="field">
        <span>{t("url")}</span>
        <input type="url" required maxLength={2048} value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://" />
      </label>
      <fieldset className="field">
        <legend>{t("events")}</legend>
        {SUBSCRIBABLE_TYPES.map((type) => (
          <label key={type} className="checkbox">
            <input type="checkbox" checked={events.includes(type)} onChange={() => toggle(type)} /> <code>{type}</code>
          </label>
        ))}
      </fieldset>
      <button type="submit" className="button button--primary" disabled={add.isPending || events.length === 0}>
        {add.isPending ? t("adding") : t("add")}
      </button>
    </form>
  );
}

function Endpoint({ webhook, onSecret }: { webhook: Webhook; onSecret: (secret: string) => void }) {
  const t = useMessages(messages);
  const format = useFormat();
  const [open, setOpen] = useState(false);
  const change = useChangeWebhook();
  const remove = useRemoveWebhook();
  const rotate = useRotateSecret();
  const test = useSendTest();
  const error = change.error ?? remove.error ?? rotate.error ?? test.error;
  return (
    <section className="card" data-testid="webhook">
      <header className="card__header">
        <h2>
          <code>{webhook.url}</code>
        </h2>
        <Badge tone={webhook.enabled ? "success" : "danger"}>{webhook.enabled ? t("enabled") : t("disabled")}</Badge>
      </header>
      <div className="card__body stack">
        {error && <ErrorMessage error={error} />}
        {webhook.disabled_reason && <p className="alert alert--warning">{t("disabledBecause", { reason: webhook.disabled_reason })}</p>}
        <p className="small">
          {t("events")}: {webhook.events.join(", ")}
        </p>
        {webhook.previous_secret_expires_at && (
          <p className="small muted">{t("rotatingUntil", { time: format.dateTime(webhook.previous_secret_expires_at) })}</p>
        )}
        <div className="row">
          <button type="button" className="button" onClick={() => change.mutate({ id: webhook.id, body: { enabled: !webhook.enabled } })}>
            {webhook.enabled ? t("disable") : t("enable")}
          </button>
          <button type="button" className="button" onClick={() => rotate.mutate(webhook.id, { onSuccess: (rotated) => onSecret(rotated.secret) })}>
            {t("rotate")}
          </button>
          <button type="button" className="button" disabled={!webhook.enabled} onClick={() => test.mutate(webhook.id)}>
            {t("test")}
          </button>
          <button type="button" className="button" onClick={() => setOpen((shown) => !shown)}>
            {open ? t("hideDeliveries") : t("deliveries")}
          </button>
          <button
            type="button"
            className="button button--danger"
            onClick={() => window.confirm(t("confirmRemove")) && remove.mutate(webhook.id)}
          >
            {t("remove")}
          </button>
        </div>
        {open && <Deliveries webhookId={webhook.id} />}
      </div>
    </section>
  );
}

function Deliveries({ webhookId }: { webhookId: string }) {
  const deliveries = useDeliveries(webhookId);
  const resend = useResend(webhookId);
  if (deliveries.isPending) return <Loading />;
  if (deliveries.error) return <ErrorMessage error={deliveries.error} onRetry={() => deliveries.refetch()} />;
  return (
    <>
      {resend.error && <ErrorMessage error={resend.error} />}
      <DeliveryTable deliveries={deliveries.data.items} onResend={(id) => resend.mutate(id)} />
    </>
  );
}
