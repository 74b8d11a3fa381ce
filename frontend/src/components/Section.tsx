import type { ReactNode } from "react";

/** A titled card of the details page; `id` makes it reachable from the page's table of contents. */
export function Section({ id, title, actions, children }: { id: string; title: string; actions?: ReactNode; children: ReactNode }) {
  const headingId = `${id}-title`;
  return (
    <section className="card" id={id} aria-labelledby={headingId} tabIndex={-1}>
      <header className="card__header">
        <h2 id={headingId}>{title}</h2>
        {actions && <div className="card__actions">{actions}</div>}
      </header>
      <div className="card__body">{children}</div>
    </section>
  );
}
