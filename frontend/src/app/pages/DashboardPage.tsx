import { useReasonLabel } from "../../features/decision";
import { DashboardPage as Dashboard } from "../../features/stats";

/** The statistics page, with the rejection reasons in the reviewers' words. */
export function DashboardPage() {
  const reasonLabel = useReasonLabel();
  return <Dashboard reasonLabel={reasonLabel} />;
}
