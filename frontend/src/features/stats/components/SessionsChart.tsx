import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { Stats } from "../api";
import { OUTCOMES, type Outcome } from "./outcomes";

const COLOURS: Record<Outcome, string> = {
  verified: "#1a7f37",
  awaiting_action: "#b35900",
  rejected: "#c62828",
  not_finished: "#6b7280",
};

/** Sessions per day, one line per outcome, drawn by uPlot on a canvas (loaded with this chunk). */
export default function SessionsChart({ days, labels, title }: { days: Stats["days"]; labels: Record<Outcome, string>; title: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const seconds = days.map((day) => Date.parse(`${day.day}T00:00:00Z`) / 1000);
    const data: uPlot.AlignedData = [seconds, ...OUTCOMES.map((outcome) => days.map((day) => day[outcome]))];
    const chart = new uPlot(
      {
        width: Math.max(320, element.clientWidth || 640),
        height: 240,
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
        scales: { y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
        series: [{}, ...OUTCOMES.map((outcome) => ({ label: labels[outcome], stroke: COLOURS[outcome], width: 2 }))],
        axes: [{}, { incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] }],
      },
      data,
      element,
    );
    return () => chart.destroy();
  }, [days, labels]);
  return <div ref={host} className="stats-chart" role="img" aria-label={title} data-testid="sessions-chart" />;
}
