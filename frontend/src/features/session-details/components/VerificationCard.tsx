import { Facts } from "../../../components/Facts";
import { Flag } from "../../../components/Flag";
import { Section } from "../../../components/Section";
import { useFormat, useMessages } from "../../../lib/i18n";
import type { SessionDetails } from "../api";
import { messages } from "../messages";

export function VerificationCard({ session }: { session: SessionDetails }) {
  const t = useMessages(messages);
  const verification = session.verification;
  return (
    <Section id="verification" title={t("verification")}>
      <Facts
        testId="verification"
        facts={[
          { label: t("verified"), value: <Flag value={verification.verified} /> },
          { label: t("livenessPassed"), value: <Flag value={verification.liveness_passed} /> },
          { label: t("documentValid"), value: <Flag value={verification.document_valid} /> },
          { label: t("faceMatch"), value: <FaceMatch level={verification.face_match.level} far={verification.face_match.far} /> },
          { label: t("idSpoof"), value: <IdSpoof spoof={verification.id_spoof} /> },
          { label: t("mrzValid"), value: <Flag value={session.mrz_valid} /> },
          { label: t("company"), value: session.company.name },
        ]}
      />
    </Section>
  );
}

/** Levels 1–3 (FAR 1/100 to 1/500) are weak matches; 4 and up are the usual acceptance range. */
export function FaceMatch({ level, far }: { level: number | null | undefined; far: string | null | undefined }) {
  const t = useMessages(messages);
  const format = useFormat();
  if (!level) return <span className="muted">{t("faceMatchNone")}</span>;
  const people = Number(far?.split("/")[1]);
  return (
    <span className="face-match">
      <span className={level <= 3 ? "face-match__level text-danger" : "face-match__level text-success"}>
        {t("faceMatchLevel", { level })}
      </span>
      <meter className="face-match__meter" min={0} max={7} low={3.5} high={5.5} optimum={7} value={level} aria-hidden="true" />
      {far && (
        <span className="muted small face-match__far">
          {t("faceMatchFar", { far, people: Number.isFinite(people) ? format.number(people) : far })}
        </span>
      )}
    </span>
  );
}

function IdSpoof({ spoof }: { spoof: SessionDetails["verification"]["id_spoof"] }) {
  const t = useMessages(messages);
  return (
    <span className="cell-stack">
      <Flag value={spoof.document_real} yes={t("documentReal")} no={t("documentSpoofed")} />
      <Flag value={spoof.full_document_detected} yes={t("fullDocument")} no={t("notFullDocument")} />
    </span>
  );
}
