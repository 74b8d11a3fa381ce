import { Facts } from "../../../components/Facts";
import { Section } from "../../../components/Section";
import { useFormat, useMessages } from "../../../lib/i18n";
import type { SessionDetails } from "../api";
import { messages, type T } from "../messages";

export function documentTypeLabel(t: T, type: string | null | undefined) {
  if (type === "passport" || type === "id_card" || type === "residence_permit" || type === "driving_licence") return t(`document.${type}`);
  return type;
}

export function sexLabel(t: T, sex: string | null | undefined) {
  if (sex === "male" || sex === "female" || sex === "nonspecified") return t(`sex.${sex}`);
  return sex;
}

export function SummaryCard({ session }: { session: SessionDetails }) {
  const t = useMessages(messages);
  const format = useFormat();
  const summary = session.summary;
  return (
    <Section id="summary" title={t("summary")}>
      <Facts
        testId="summary"
        facts={[
          { label: t("firstName"), value: summary.first_name },
          { label: t("lastName"), value: summary.last_name },
          { label: t("documentNumber"), value: summary.document_number && <span className="mono">{summary.document_number}</span> },
          { label: t("personalNumber"), value: summary.personal_number && <span className="mono">{summary.personal_number}</span> },
          { label: t("sex"), value: sexLabel(t, summary.sex) },
          { label: t("birthDate"), value: summary.birth_date && format.date(summary.birth_date) },
          { label: t("expirationDate"), value: summary.expiration_date && <Expiry date={summary.expiration_date} /> },
          { label: t("nationality"), value: summary.nationality },
          { label: t("documentType"), value: documentTypeLabel(t, summary.document_type) },
          { label: t("issuingState"), value: summary.issuing_state },
          { label: t("externalId"), value: session.external_id && <span className="mono">{session.external_id}</span> },
        ]}
      />
    </Section>
  );
}

function Expiry({ date }: { date: string }) {
  const format = useFormat();
  const expired = new Date(`${date}T23:59:59Z`).getTime() < Date.now();
  return <span className={expired ? "text-danger" : undefined}>{format.date(date)}</span>;
}
