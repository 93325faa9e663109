// The roadmap board: every track, its stage, each criterion with its target, value and the meetings that
// are its evidence, and the history line of the stages (Chart.js).
import { Chart } from "chart.js/auto";
import { get } from "../api.js";
import { emptyNotice, h } from "../dom.js";
import { formatDate, t } from "../i18n.js";
import { meetingLink } from "./links.js";

const ROADMAP = "NAPCI";
let chart;

function stageName(stages, code) {
  const translated = t(`stage.${code}`);
  if (translated !== `stage.${code}`) return translated;
  return stages.find((stage) => stage.code === code)?.name || code;
}

function trackName(reference, track) {
  // A track is named after its issue area; `napci` is the initiative as a whole.
  return reference.issueAreas.has(track.track) ? reference.issueArea(track.track) : track.track.toUpperCase();
}

function criteriaTable(reference, criteria) {
  return h(
    "div",
    { class: "table-scroll" },
    h(
      "table",
      { class: "criteria" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          [t("roadmap.criterion"), t("roadmap.target"), t("roadmap.value"), t("roadmap.evidence")].map((text) =>
            h("th", { scope: "col" }, text),
          ),
        ),
      ),
      h(
        "tbody",
        {},
        criteria.map((criterion) =>
          h(
            "tr",
            { class: criterion.met ? "met" : "unmet" },
            h(
              "td",
              {},
              criterion.description,
              " ",
              h("span", { class: `badge ${criterion.met ? "ok" : "pending"}` }, criterion.met ? t("roadmap.met") : t("roadmap.unmet")),
            ),
            h("td", { class: "number" }, String(criterion.target)),
            h("td", { class: "number" }, String(criterion.value)),
            h(
              "td",
              {},
              criterion.evidence.meetings.length
                ? h(
                    "ul",
                    { class: "evidence" },
                    criterion.evidence.meetings.map((meeting) =>
                      h("li", {}, meetingLink(reference, meeting.meeting_id, meeting.held_on)),
                    ),
                  )
                : h("span", { class: "muted" }, t("roadmap.noEvidence")),
            ),
          ),
        ),
      ),
    ),
  );
}

function trackCard(reference, roadmap, track, advancement) {
  const headingId = `track-${track.track}`;
  return h(
    "article",
    { class: "card track", "aria-labelledby": headingId, "data-track": track.track },
    h("h3", { id: headingId }, trackName(reference, track)),
    h(
      "p",
      { class: "stage" },
      `${t("roadmap.stage")}: `,
      h("strong", { class: "stage-name", "data-stage": track.current_stage }, stageName(roadmap.stages, track.current_stage)),
      track.since ? ` · ${t("roadmap.since", { date: formatDate(track.since) })}` : "",
    ),
    advancement
      ? h(
          "section",
          { class: "explanation" },
          h("h4", {}, t("roadmap.reached", { stage: stageName(roadmap.stages, advancement.to_stage) })),
          criteriaTable(reference, advancement.explanation),
        )
      : null,
    track.next
      ? h(
          "section",
          { class: "explanation next" },
          h("h4", {}, t("roadmap.next", { stage: stageName(roadmap.stages, track.next.stage) })),
          criteriaTable(reference, track.next.criteria),
        )
      : h("p", { class: "muted" }, t("roadmap.top")),
  );
}

function historyChart(roadmap, history, reference) {
  const moves = history.items.filter((item) => item.kind !== "criteria_adopted");
  if (moves.length === 0) return [emptyNotice(t("roadmap.historyNone")), () => {}];
  const order = new Map(roadmap.stages.map((stage) => [stage.code, stage.order]));
  const days = [...new Set(moves.map((item) => item.advanced_on.slice(0, 10)))].sort();
  const tracks = [...new Set(moves.map((item) => item.track))];
  const datasets = tracks.map((code) => {
    let stage = null;
    const points = days.map((day) => {
      const move = moves.filter((item) => item.track === code && item.advanced_on.slice(0, 10) === day).at(-1);
      if (move) stage = order.get(move.to_stage);
      else if (stage === null) {
        const first = moves.find((item) => item.track === code);
        stage = order.get(first.from_stage);
      }
      return stage;
    });
    return { label: trackName(reference, { track: code }), data: points, stepped: "before", borderWidth: 2 };
  });
  const canvas = h("canvas", { role: "img", "aria-label": t("roadmap.history") });
  const figure = h("figure", { class: "chart" }, canvas);
  // Drawn once the canvas is in the page, so that Chart.js can measure it.
  const draw = () => {
    if (chart) chart.destroy();
    chart = new Chart(canvas, {
      type: "line",
      data: { labels: days.map(formatDate), datasets },
      options: {
        animation: false,
        maintainAspectRatio: false,
        scales: {
          y: {
            min: Math.min(...order.values()),
            max: Math.max(...order.values()),
            ticks: {
              stepSize: 1,
              callback: (value) => {
                const stage = roadmap.stages.find((candidate) => candidate.order === value);
                return stage ? stageName(roadmap.stages, stage.code) : "";
              },
            },
          },
        },
      },
    });
  };
  return [figure, draw];
}

export async function render(container, reference) {
  const [roadmap, history] = await Promise.all([
    get("roadmap", `v1/roadmaps/${ROADMAP}`),
    get("roadmap", `v1/roadmaps/${ROADMAP}/history`),
  ]);
  if (!roadmap.tracks.length) {
    container.replaceChildren(emptyNotice(t("roadmap.none")));
    return;
  }
  const lastAdvancement = new Map();
  for (const item of history.items) {
    if (item.kind !== "criteria_adopted") lastAdvancement.set(item.track, item);
  }
  // The tracks furthest along first: what the practice has built so far leads the board.
  const order = new Map(roadmap.stages.map((stage) => [stage.code, stage.order]));
  const tracks = [...roadmap.tracks].sort(
    (a, b) =>
      order.get(b.current_stage) - order.get(a.current_stage) ||
      trackName(reference, a).localeCompare(trackName(reference, b)),
  );
  const cards = tracks.map((track) => trackCard(reference, roadmap, track, lastAdvancement.get(track.track)));
  const [figure, draw] = historyChart(roadmap, history, reference);
  const historySection = h(
    "section",
    { class: "history", "aria-labelledby": "history-heading" },
    h("h3", { id: "history-heading" }, t("roadmap.history")),
    figure,
  );
  container.replaceChildren(historySection, h("div", { class: "cards" }, cards));
  draw();
}
