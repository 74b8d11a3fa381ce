import { Facts } from "../../../components/Facts";
import { Section } from "../../../components/Section";
import { useMessages } from "../../../lib/i18n";
import type { SessionDetails } from "../api";
import { messages } from "../messages";

export function ExtraFieldsCard({ fields }: { fields: SessionDetails["extra_fields"] }) {
  const t = useMessages(messages);
  return (
    <Section id="extra-fields" title={t("extraFields")}>
      {fields.length === 0 ? (
        <p className="muted">{t("noExtraFields")}</p>
      ) : (
        <Facts testId="extra-fields" facts={fields.map(({ name, value }) => ({ label: name, value }))} />
      )}
    </Section>
  );
}
