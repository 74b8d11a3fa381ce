import type { Schemas } from "../api/client";
import { defineMessages, useMessages } from "../lib/i18n";

export type StatusReason = Schemas["StatusReasonView"];

const messages = defineMessages({
  en: {
    "tag.high_risk_nationality": "High-risk nationality",
    "tag.high_risk_ip_country": "High-risk IP country",
    "tag.session_not_finished": "Not finished",
    "tag.liveness_failed": "Liveness failed",
    "tag.face_match_below_threshold": "Face match low",
    "tag.document_spoofed": "Spoofed document",
    "tag.document_not_full": "Document cropped",
    "tag.document_expired": "Document expired",
    "tag.mrz_invalid": "MRZ invalid",
    "tag.screening_match": "Screening match",
    "tag.new_screening_match": "New screening match",
  },
  ka: {
    "tag.high_risk_nationality": "მაღალი რისკის მოქალაქეობა",
    "tag.high_risk_ip_country": "მაღალი რისკის IP ქვეყანა",
    "tag.session_not_finished": "არ დასრულებულა",
    "tag.liveness_failed": "სიცოცხლის შემოწმება ვერ გაიარა",
    "tag.face_match_below_threshold": "სახის დამთხვევა დაბალია",
    "tag.document_spoofed": "გაყალბებული დოკუმენტი",
    "tag.document_not_full": "დოკუმენტი მოჭრილია",
    "tag.document_expired": "დოკუმენტი ვადაგასულია",
    "tag.mrz_invalid": "MRZ არასწორია",
    "tag.screening_match": "სკრინინგის დამთხვევა",
    "tag.new_screening_match": "ახალი სკრინინგის დამთხვევა",
  },
});

/** The short name of a status reason's code ("Document expired"), in the interface's language. */
export function useReasonTag(): (code: StatusReason["code"]) => string {
  const t = useMessages(messages);
  return (code) => t(`tag.${code}`);
}

/** A session's status reason as a short tag (the list, the queues); the message is its tooltip. */
export function StatusReasonTag({ reason }: { reason: StatusReason | null | undefined }) {
  const tag = useReasonTag();
  if (!reason) return null;
  return (
    <span className="reason-tag" title={reason.message} data-code={reason.code}>
      {tag(reason.code)}
    </span>
  );
}
