import { Badge, type Tone } from "../../../components/Badge";
import { useMessages } from "../../../lib/i18n";
import { messages } from "../messages";
import { STATUSES } from "../filters";

const TONES: Record<(typeof STATUSES)[number], Tone> = {
  verified: "success",
  awaiting_action: "warning",
  rejected: "danger",
  not_finished: "neutral",
};

const isKnown = (status: string): status is (typeof STATUSES)[number] => status in TONES;

export function StatusBadge({ status }: { status: string }) {
  const t = useMessages(messages);
  if (!isKnown(status)) return <Badge tone="neutral">{status}</Badge>;
  return <Badge tone={TONES[status]}>{t(`status.${status}`)}</Badge>;
}
