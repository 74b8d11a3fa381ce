import { useState, type KeyboardEvent } from "react";
import { Dialog } from "../../../components/Dialog";
import { useMessages } from "../../../lib/i18n";
import { usePhotoUrl } from "../api";
import { messages } from "../messages";

const ZOOM_STEPS = [1, 1.5, 2, 3, 4];

/** One photo, large, with zoom buttons and keys (+, −, 0); the frame scrolls when zoomed in. */
export function PhotoZoom({ sessionId, kind, label, onClose }: { sessionId: string; kind: string; label: string; onClose: () => void }) {
  const t = useMessages(messages);
  const { url } = usePhotoUrl(sessionId, kind);
  const [step, setStep] = useState(0);
  const zoom = ZOOM_STEPS[step] ?? 1;
  const zoomBy = (delta: number) => setStep((current) => Math.min(ZOOM_STEPS.length - 1, Math.max(0, current + delta)));

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === "+" || event.key === "=") zoomBy(1);
    else if (event.key === "-" || event.key === "−") zoomBy(-1);
    else if (event.key === "0") setStep(0);
    else return;
    event.preventDefault();
  }

  return (
    <Dialog open title={label} onClose={onClose} size="large">
      <div className="zoom__toolbar" role="toolbar" aria-label={label}>
        <button type="button" className="button button--small" onClick={() => zoomBy(-1)} disabled={step === 0}>
          − {t("zoomOut")}
        </button>
        <output className="zoom__level" aria-live="polite">
          {Math.round(zoom * 100)}%
        </output>
        <button type="button" className="button button--small" onClick={() => zoomBy(1)} disabled={step === ZOOM_STEPS.length - 1}>
          + {t("zoomIn")}
        </button>
        <button type="button" className="button button--small button--ghost" onClick={() => setStep(0)}>
          {t("zoomReset")}
        </button>
        <span className="muted small">{t("zoomHint")}</span>
      </div>
      {/* The frame takes keyboard focus so that arrows scroll it and +/− zoom. */}
      <div className="zoom__frame" tabIndex={0} onKeyDown={onKeyDown} aria-label={label}>
        {url && <img src={url} alt={label} className="zoom__image" style={{ width: `${zoom * 100}%` }} />}
      </div>
    </Dialog>
  );
}
