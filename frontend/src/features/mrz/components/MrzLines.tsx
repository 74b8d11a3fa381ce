import { segmentsOf, type Mark } from "../highlight";

interface Props {
  lines: string[];
  marks: Mark[];
  label: string;
  /** `errors` marks failing characters in red; `repair` marks suggested changes in blue. */
  variant?: "errors" | "repair";
}

/** The MRZ as printed, in monospace, with the marked characters highlighted. */
export function MrzLines({ lines, marks, label, variant = "errors" }: Props) {
  const testIdPrefix = variant === "errors" ? "mrz-line" : "mrz-repair-line";
  return (
    <figure className={`mrz mrz--${variant}`} aria-label={label}>
      {lines.map((line, index) => (
        <pre className="mrz__line" key={index} data-testid={`${testIdPrefix}-${index}`}>
          {segmentsOf(line, index, marks).map((segment) =>
            segment.titles.length > 0 ? (
              <mark key={segment.start} className={variant === "errors" ? "mrz__error" : "mrz__change"} title={segment.titles.join("\n")}>
                {segment.text}
              </mark>
            ) : (
              <span key={segment.start}>{segment.text}</span>
            ),
          )}
        </pre>
      ))}
    </figure>
  );
}
