import { useState } from "react";
import { useMessages } from "../../../lib/i18n";
import { usePhotoUrl, type Photo } from "../api";
import { messages, type T } from "../messages";
import { PhotoZoom } from "./PhotoZoom";

export function photoLabel(t: T, kind: string): string {
  if (kind === "document_front" || kind === "document_back" || kind === "selfie") return t(`photo.${kind}`);
  const liveness = /^liveness_?(.*)$/.exec(kind);
  if (liveness) return t("photo.liveness", { n: liveness[1] ?? "" }).trim();
  return kind;
}

/** Print order: the document's front before its back, then the selfie, then liveness frames. */
const ORDER = ["document_front", "document_back", "selfie"];
const rank = (kind: string) => (ORDER.includes(kind) ? ORDER.indexOf(kind) : ORDER.length);

export function inDisplayOrder(photos: Photo[]): Photo[] {
  return [...photos].sort((a, b) => rank(a.kind) - rank(b.kind) || a.kind.localeCompare(b.kind));
}

/** The session's photos, document first (front, then back); each opens a zoomable view. */
export function PhotoGallery({ sessionId, photos }: { sessionId: string; photos: Photo[] }) {
  const t = useMessages(messages);
  const [zoomed, setZoomed] = useState<Photo | null>(null);

  if (photos.length === 0) return <p className="muted">{t("noPhotos")}</p>;
  return (
    <>
      <ul className="photos">
        {inDisplayOrder(photos).map((photo) => (
          <li key={photo.kind} className={photo.kind.startsWith("document") ? "photos__item photos__item--document" : "photos__item"}>
            <PhotoThumb sessionId={sessionId} photo={photo} label={photoLabel(t, photo.kind)} onOpen={() => setZoomed(photo)} />
          </li>
        ))}
      </ul>
      {zoomed && (
        <PhotoZoom sessionId={sessionId} kind={zoomed.kind} label={photoLabel(t, zoomed.kind)} onClose={() => setZoomed(null)} />
      )}
    </>
  );
}

function PhotoThumb({ sessionId, photo, label, onOpen }: { sessionId: string; photo: Photo; label: string; onOpen: () => void }) {
  const t = useMessages(messages);
  const { url, error } = usePhotoUrl(sessionId, photo.kind);
  return (
    <figure className="photo">
      <button type="button" className="photo__button" onClick={onOpen} aria-label={t("zoomPhoto", { photo: label })} disabled={!url}>
        {url ? <img src={url} alt={label} /> : <span className="photo__placeholder">{error ? t("photoFailed") : ""}</span>}
      </button>
      <figcaption>{label}</figcaption>
    </figure>
  );
}
