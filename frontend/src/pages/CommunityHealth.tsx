import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { type Chart, charts, type CommunityHealth as Health, loadHealth, shown, SPANS, toCsv } from "../api/health";
import { ErrorState, Loading } from "../components/States";
import { navigate } from "../router";
import { useSession } from "../session";
import { useLoad, useTitle } from "../useLoad";
import "./CommunityHealth.css";

const SPAN_NAMES: Record<number, string> = { 4: "4 weeks", 12: "12 weeks", 52: "1 year" };
// Distinct in hue and in lightness (for colour-blind readers); the reference line is dashed grey.
const COLOURS = ["#1f5fa8", "#c0392b", "#2e8540", "#8e44ad"];
// Lighter lines where the page is dark (prefers-color-scheme), readable on its background.
const DARK_COLOURS = ["#7fb2f0", "#f08a7a", "#7fd19a", "#c9a2e8"];

/** The page's colours for the chart's axes, grid and lines, light or dark as the page is. */
function chartColours() {
  const style = getComputedStyle(document.documentElement);
  const dark = window.matchMedia?.("(prefers-color-scheme: dark)").matches ?? false;
  return {
    axis: style.getPropertyValue("--muted").trim() || "#56606b",
    grid: style.getPropertyValue("--line").trim() || "#d5dbe1",
    lines: dark ? DARK_COLOURS : COLOURS,
    reference: dark ? "#a9b3bd" : "#777",
  };
}

/** /community-health[?tag=T&weeks=4|12|52]: the facilitators' view of how a community is doing. */
export function CommunityHealth({ url }: { url: URL }) {
  const tag = url.searchParams.get("tag")?.trim() || null;
  const asked = Number(url.searchParams.get("weeks"));
  const weeks = (SPANS as readonly number[]).includes(asked) ? asked : 12;
  useTitle(tag ? `${tag}: community health` : "Community health");
  const user = useSession();
  const health = useLoad(() => loadHealth(weeks, tag), `${weeks}|${tag ?? ""}|${user?.id ?? 0}`);

  return (
    <section class="community-health">
      <h1>
        Community health{" "}
        {tag ? (
          <>
            in{" "}
            <a class="tag large" href={`/tags/${encodeURIComponent(tag)}`}>
              {tag}
            </a>
          </>
        ) : (
          "of the whole site"
        )}
      </h1>
      <Controls key={`${weeks}|${tag ?? ""}`} weeks={weeks} tag={tag} />
      {health.error ? (
        <ErrorState error={health.error} retry={health.reload} />
      ) : !health.data ? (
        <Loading label="Counting the weeks" />
      ) : (
        <Figures health={health.data} />
      )}
    </section>
  );
}

function Controls({ weeks, tag }: { weeks: number; tag: string | null }) {
  const [span, setSpan] = useState(String(weeks));
  const [community, setCommunity] = useState(tag ?? "");
  const show = (event: Event) => {
    event.preventDefault();
    const query = new URLSearchParams({ weeks: span });
    if (community.trim()) query.set("tag", community.trim().toLowerCase());
    navigate(`/community-health?${query}`);
  };
  return (
    <form class="health-controls" onSubmit={show}>
      <label>
        Span{" "}
        <select name="weeks" value={span} onChange={(event) => setSpan(event.currentTarget.value)}>
          {SPANS.map((each) => (
            <option key={each} value={String(each)}>
              {SPAN_NAMES[each]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Community{" "}
        <input
          name="tag"
          value={community}
          onInput={(event) => setCommunity(event.currentTarget.value)}
          placeholder="the whole site"
          autocomplete="off"
          spellcheck={false}
        />
      </label>
      <button type="submit" class="button small">
        Show
      </button>
    </form>
  );
}

function Figures({ health }: { health: Health }) {
  // Made once per answer: a chart is drawn again only when its data changes.
  const { all, weeks, starts } = useMemo(
    () => ({ all: charts(health), weeks: health.points.map((p) => p.week), starts: health.points.map((p) => p.starts_at) }),
    [health],
  );
  const scope = health.tag ?? "site";
  return (
    <>
      <p class="muted">
        {health.first_week} to {health.last_week}, a point per week (weeks start on Monday). A question counts in the week it was asked: its
        share answered and resolved, and its waits, are what became of it so far. Active members asked, answered, commented or voted; members
        seen signed in that week{health.tag ? " and follow this community, or took part in it" : ""}.
      </p>
      {all.map((chart) => (
        <figure key={chart.id} class="health-chart" id={`chart-${chart.id}`}>
          <figcaption>
            <h2>{chart.title}</h2>
            <a
              class="button small"
              download={`${scope}-${chart.id}-${health.first_week}-${health.last_week}.csv`}
              href={`data:text/csv;charset=utf-8,${encodeURIComponent(toCsv(chart, weeks))}`}
            >
              Download CSV<span class="visually-hidden"> of {chart.title.toLowerCase()}</span>
            </a>
          </figcaption>
          <div class="chart-and-table">
            <LineChart chart={chart} starts={starts} weeks={weeks} />
            <DataTable chart={chart} weeks={weeks} />
          </div>
        </figure>
      ))}
      <div class="health-lists">
        <section aria-labelledby="help-needed">
          <h2 id="help-needed">Where help is needed</h2>
          {health.help_needed.length ? (
            <table class="health-table">
              <caption class="visually-hidden">Tags with the most questions of the span still unanswered</caption>
              <thead>
                <tr>
                  <th scope="col">Tag</th>
                  <th scope="col">Unanswered</th>
                </tr>
              </thead>
              <tbody>
                {health.help_needed.map((row) => (
                  <tr key={row.tag}>
                    <th scope="row">
                      <a class="tag" href={`/?tab=unanswered&tag=${encodeURIComponent(row.tag)}`}>
                        {row.tag}
                      </a>
                    </th>
                    <td>{row.unanswered}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p class="muted">Every question of the span has an answer.</p>
          )}
        </section>
        <section aria-labelledby="top-helpers">
          <h2 id="top-helpers">Top helpers</h2>
          {health.top_helpers.length ? (
            <table class="health-table">
              <caption class="visually-hidden">Who helped most: answers accepted and marked as helpful in the span</caption>
              <thead>
                <tr>
                  <th scope="col">Member</th>
                  <th scope="col">Answers accepted</th>
                  <th scope="col">Marked helpful</th>
                </tr>
              </thead>
              <tbody>
                {health.top_helpers.map((row) => (
                  <tr key={row.id}>
                    <th scope="row">
                      <a href={`/users/${row.id}`}>{row.display_name}</a>
                    </th>
                    <td>{row.accepted}</td>
                    <td>{row.helped}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p class="muted">No accepted or helpful answers in the span yet.</p>
          )}
        </section>
      </div>
    </>
  );
}

function DataTable({ chart, weeks }: { chart: Chart; weeks: string[] }) {
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label={`${chart.title}, as a table`}>
      <table class="health-table">
        <caption class="visually-hidden">{chart.title}, a row per week</caption>
        <thead>
          <tr>
            <th scope="col">Week</th>
            {chart.columns.map((column) => (
              <th key={column.label} scope="col">
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week, i) => (
            <tr key={week}>
              <th scope="row">{week}</th>
              {chart.columns.map((column) => (
                <td key={column.label}>{shown(column.values[i], chart.unit)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Changes when the system's colour scheme does, so a chart draws itself again in the new one. */
function useColourScheme(): number {
  const [changes, setChanges] = useState(0);
  useEffect(() => {
    const query = window.matchMedia?.("(prefers-color-scheme: dark)");
    const changed = () => setChanges((n) => n + 1);
    query?.addEventListener("change", changed);
    return () => query?.removeEventListener("change", changed);
  }, []);
  return changes;
}

function LineChart({ chart, starts, weeks }: { chart: Chart; starts: string[]; weeks: string[] }) {
  const box = useRef<HTMLDivElement>(null);
  const scheme = useColourScheme();
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const xs = starts.map((at) => Date.parse(at) / 1000);
    const format = (value: number) => (chart.unit === "share" ? `${Math.round(value * 100)}%` : chart.unit === "hours" ? `${value} h` : String(value));
    const colours = chartColours();
    const axis = { stroke: colours.axis, grid: { stroke: colours.grid, width: 1 }, ticks: { stroke: colours.grid, width: 1 } };
    const options: uPlot.Options = {
      width: Math.max(200, element.clientWidth),
      height: 220,
      scales: chart.unit === "share" ? { y: { range: [0, 1] } } : {},
      axes: [axis, { ...axis, values: (_plot, splits) => splits.map(format), size: 56 }],
      series: [
        { label: "Week", value: (_plot, _value, _series, index) => (index === null ? "" : (weeks[index] ?? "")) },
        ...chart.columns.map((column, k) => ({
          label: column.label,
          stroke: column.reference ? colours.reference : colours.lines[k % colours.lines.length],
          width: column.reference ? 1 : 2,
          dash: column.reference ? [6, 4] : undefined,
          points: { show: weeks.length <= 12 },
          value: (_plot: uPlot, value: number | null) => shown(value, chart.unit),
        })),
      ],
      // Away from the chart, its legend gives the latest week's figures, not the first's.
      hooks: {
        ready: [(plot: uPlot) => plot.setLegend({ idx: xs.length - 1 })],
        setCursor: [(plot: uPlot) => plot.cursor.idx == null && plot.setLegend({ idx: xs.length - 1 })],
      },
    };
    const plot = new uPlot(options, [xs, ...chart.columns.map((column) => column.values)] as uPlot.AlignedData, element);
    const resized = new ResizeObserver(() => plot.setSize({ width: Math.max(200, element.clientWidth), height: 220 }));
    resized.observe(element);
    return () => {
      resized.disconnect();
      plot.destroy();
    };
  }, [chart, starts, weeks, scheme]);
  // The chart is a picture of the table beside it, which screen readers read instead.
  return <div class="chart" ref={box} aria-hidden="true" />;
}
