import {
  ArcElement,
  BarController,
  BarElement,
  DoughnutController,
  LineController,
  CategoryScale,
  Chart as ChartJS,
  Legend,
  LinearScale,
  LineElement,
  PointElement,
  Tooltip,
  type ChartData,
  type ChartOptions,
} from "chart.js";
import { Bar, Doughnut } from "react-chartjs-2";

// Controllers too: the mixed bar + line chart names them by type, and production builds tree-shake.
ChartJS.register(
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  DoughnutController,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  Legend,
);

if (typeof window !== "undefined" && window.matchMedia?.("(prefers-reduced-motion: reduce)").matches) {
  ChartJS.defaults.animation = false;
}

export const PALETTE = ["#c8102e", "#fa8c16", "#fadb14", "#52c41a", "#1677ff", "#722ed1", "#13c2c2", "#eb2f96", "#8c8c8c"];

export interface Bucket {
  label: string;
  /** null when withheld for being below 5 */
  count: number | null;
}

/** Shows "<5" for withheld cells: the bar stays empty and the label says why. */
const labelOf = (bucket: Bucket, suppressedText: string) => (bucket.count === null ? `${bucket.label} (${suppressedText})` : bucket.label);

export const DoughnutChart = ({ buckets, suppressedText, testId }: { buckets: Bucket[]; suppressedText: string; testId?: string }) => {
  const data: ChartData<"doughnut"> = {
    labels: buckets.map((b) => labelOf(b, suppressedText)),
    datasets: [{ data: buckets.map((b) => b.count ?? 0), backgroundColor: PALETTE, borderWidth: 1 }],
  };
  const options: ChartOptions<"doughnut"> = {
    maintainAspectRatio: false,
    plugins: {
      legend: { position: "right" },
      tooltip: {
        callbacks: {
          label: (ctx) => {
            const bucket = buckets[ctx.dataIndex]!;
            return ` ${bucket.count === null ? suppressedText : bucket.count}`;
          },
        },
      },
    },
  };
  return (
    <div style={{ height: 260 }} data-testid={testId}>
      <Doughnut data={data} options={options} />
    </div>
  );
};

export const BarChart = ({
  buckets,
  suppressedText,
  horizontal = false,
  color = PALETTE[0],
  testId,
}: {
  buckets: Bucket[];
  suppressedText: string;
  horizontal?: boolean;
  color?: string;
  testId?: string;
}) => {
  const data: ChartData<"bar"> = {
    labels: buckets.map((b) => labelOf(b, suppressedText)),
    datasets: [{ data: buckets.map((b) => b.count ?? 0), backgroundColor: color, borderRadius: 4 }],
  };
  const options: ChartOptions<"bar"> = {
    maintainAspectRatio: false,
    indexAxis: horizontal ? "y" : "x",
    plugins: {
      legend: { display: false },
      tooltip: {
        callbacks: {
          label: (ctx) => {
            const bucket = buckets[ctx.dataIndex]!;
            return ` ${bucket.count === null ? suppressedText : bucket.count}`;
          },
        },
      },
    },
    scales: { x: { beginAtZero: true }, y: { beginAtZero: true } },
  };
  return (
    <div style={{ height: Math.max(260, horizontal ? buckets.length * 28 : 260) }} data-testid={testId}>
      <Bar data={data} options={options} />
    </div>
  );
};

export interface MonthPoint {
  month: number;
  participants: number | null;
  membersUnderCare: number | null;
  participationRate: number | null;
  volunteerHours: number | null;
}

/** Monthly participation: bars of members under care and participants, a line of the rate (0–100 %). */
export const MonthlyChart = ({
  months,
  labels,
  testId,
}: {
  months: MonthPoint[];
  labels: { month: (m: number) => string; underCare: string; participants: string; rate: string; suppressed: string };
  testId?: string;
}) => {
  const data = {
    labels: months.map((m) => labels.month(m.month)),
    datasets: [
      {
        type: "bar" as const,
        label: labels.underCare,
        data: months.map((m) => m.membersUnderCare ?? 0),
        backgroundColor: "#ffd8bf",
        yAxisID: "y",
        order: 2,
      },
      {
        type: "bar" as const,
        label: labels.participants,
        data: months.map((m) => m.participants ?? 0),
        backgroundColor: "#c8102e",
        yAxisID: "y",
        order: 1,
      },
      {
        type: "line" as const,
        label: labels.rate,
        data: months.map((m) => (m.participationRate === null ? null : Math.min(1, m.participationRate) * 100)),
        borderColor: "#1677ff",
        backgroundColor: "#1677ff",
        yAxisID: "rate",
        tension: 0.3,
        order: 0,
      },
    ],
  };
  const options: ChartOptions<"bar"> = {
    maintainAspectRatio: false,
    interaction: { mode: "index", intersect: false },
    plugins: {
      tooltip: {
        callbacks: {
          label: (ctx) => {
            const m = months[ctx.dataIndex]!;
            const raw = [m.membersUnderCare, m.participants, m.participationRate][ctx.datasetIndex];
            if (raw === null || raw === undefined) return ` ${ctx.dataset.label}: ${labels.suppressed}`;
            return ctx.datasetIndex === 2 ? ` ${ctx.dataset.label}: ${(raw * 100).toFixed(1)}%` : ` ${ctx.dataset.label}: ${raw}`;
          },
        },
      },
    },
    scales: {
      y: { beginAtZero: true, position: "left" },
      rate: { beginAtZero: true, max: 100, position: "right", grid: { drawOnChartArea: false }, ticks: { callback: (v) => `${v}%` } },
    },
  };
  return (
    // The legend is drawn on the canvas: its series are named here too, for readers and tests.
    <div style={{ height: 300 }} data-testid={testId} data-series={data.datasets.map((dataset) => dataset.label).join(" | ")}>
      <Bar data={data as unknown as ChartData<"bar">} options={options} />
    </div>
  );
};
