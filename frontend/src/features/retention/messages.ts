import { defineMessages } from "../../lib/i18n";

export const messages = defineMessages({
  en: {
    redactedByPolicy: "Redacted on {date} by the retention policy: photos and personal values were deleted; the record of checks and decisions is kept.",
    redactedByRequest: "Redacted on {date} by request: photos and personal values were deleted; the record of checks and decisions is kept.",
    title: "Retention policy",
    intro: "How long sessions keep their photos and personal values. Verified sessions are kept five years after the customer relationship ends (AML rules); held and undecided sessions are never deleted by policy.",
    verifiedDays: "Verified: days after the relationship ended",
    rejectedDays: "Rejected: days after the decision",
    notFinishedDays: "Not finished: days after creation",
    overdueDays: "Awaiting a decision: overdue after (days)",
    save: "Save policy",
    saving: "Saving…",
    saved: "Policy saved.",
  },
  ka: {
    redactedByPolicy: "წაიშალა {date}-ს შენახვის პოლიტიკით: ფოტოები და პერსონალური მონაცემები წაიშალა; შემოწმებებისა და გადაწყვეტილებების ჩანაწერი დარჩა.",
    redactedByRequest: "წაიშალა {date}-ს მოთხოვნით: ფოტოები და პერსონალური მონაცემები წაიშალა; შემოწმებებისა და გადაწყვეტილებების ჩანაწერი დარჩა.",
    title: "შენახვის პოლიტიკა",
    intro: "რამდენ ხანს ინახება სესიების ფოტოები და პერსონალური მონაცემები. ვერიფიცირებული სესიები ინახება კლიენტთან ურთიერთობის დასრულებიდან ხუთი წელი (AML წესები); დაკავებული და გადაუწყვეტელი სესიები პოლიტიკით არ იშლება.",
    verifiedDays: "ვერიფიცირებული: დღეები ურთიერთობის დასრულების შემდეგ",
    rejectedDays: "უარყოფილი: დღეები გადაწყვეტილების შემდეგ",
    notFinishedDays: "დაუსრულებელი: დღეები შექმნის შემდეგ",
    overdueDays: "გადაწყვეტილების მოლოდინში: ვადაგადაცილებული (დღე)",
    save: "პოლიტიკის შენახვა",
    saving: "ინახება…",
    saved: "პოლიტიკა შენახულია.",
  },
});
