import { Badge, type Tone } from "../../../components/Badge";
import { useMessages } from "../../../lib/i18n";
import { messages } from "../messages";
import type { Schemas } from "../../../api/client";

const TONES: Record<Schemas["SessionStatus"], Tone> = {
  verified: "success",
  awaiting_action: "warning",
  rejected: "danger",
  not_finished: "neutral",
};

export function StatusBadge({ status }: { status: Schemas["SessionStatus"] }) {
  const t = useMessages(messages);
  return <Badge tone={TONES[status]}>{t(`status.${status}`)}</Badge>;
}
