// The co-participation network (GET /v1/analytics/co-participation of the meetings service) drawn by
// Cytoscape.js with its own `cose` layout, with the filters of the API, a year slider (the network as of
// the end of a year) and the growth year by year (Chart.js). Tables carry the same figures for screen
// readers and small screens.
import { Chart } from "chart.js/auto";
import cytoscape from "cytoscape";
import { get, Problem } from "../api.js";
import { dateField, emptyNotice, formValues, h, problemNotice, select, table } from "../dom.js";
import { t } from "../i18n.js";

const TRACKS = ["1", "1.5", "2"];
let filters = {};
let year = null;
let graph;
let growthChart;

// The analytics endpoints are the meetings service's; a service that does not have them yet answers 404
// for the path, which the page says in words rather than as a failure.
function unavailable(error) {
  return error instanceof Problem && error.status === 404;
}

function form(reference, onApply) {
  const element = h(
    "form",
    { class: "filters", "aria-label": t("network.heading") },
    select("issue_area", t("filter.issue_area"), reference.issueAreaOptions(), filters.issue_area, "network"),
    select("track", t("filter.track"), TRACKS.map((track) => [track, track]), filters.track, "network"),
    select("mechanism", t("filter.mechanism"), reference.mechanismOptions(), filters.mechanism, "network"),
    dateField("from", t("filter.from"), filters.from, "network"),
    dateField("to", t("filter.to"), filters.to, "network"),
    h("button", { type: "submit" }, t("filter.apply")),
  );
  element.addEventListener("submit", (event) => {
    event.preventDefault();
    filters = formValues(element);
    year = null;
    onApply();
  });
  return element;
}

function slider(years, onChange) {
  const first = years[0].year;
  const last = years.at(-1).year;
  const chosen = year ?? last;
  const output = h("output", { for: "network-year", id: "network-year-output" }, t("network.year", { year: chosen }));
  const input = h("input", {
    id: "network-year",
    type: "range",
    min: first,
    max: last,
    step: 1,
    value: chosen,
    "aria-valuetext": t("network.year", { year: chosen }),
  });
  input.addEventListener("change", () => {
    year = Number(input.value);
    onChange();
  });
  input.addEventListener("input", () => {
    output.textContent = t("network.year", { year: input.value });
    input.setAttribute("aria-valuetext", output.textContent);
  });
  return h("div", { class: "field slider" }, h("label", { for: "network-year" }, t("network.yearLabel")), input, output);
}

function draw(element, network) {
  if (graph) graph.destroy();
  const heaviest = Math.max(1, ...network.links.map((link) => link.weight));
  graph = cytoscape({
    container: element,
    elements: [
      ...network.members.map((member) => ({ data: { id: member.code, label: member.code, size: member.weighted_degree } })),
      ...network.links.map((link) => ({
        data: { id: link.members.join("-"), source: link.members[0], target: link.members[1], weight: link.weight },
      })),
    ],
    style: [
      {
        selector: "node",
        style: {
          label: "data(label)",
          "background-color": "#1d4e89",
          color: "#102a43",
          "font-size": 14,
          "font-weight": "bold",
          "text-valign": "top",
          "text-margin-y": -4,
          width: "mapData(size, 0, 40, 24, 56)",
          height: "mapData(size, 0, 40, 24, 56)",
        },
      },
      {
        selector: "edge",
        style: {
          width: `mapData(weight, 1, ${heaviest + 1}, 2, 12)`,
          "line-color": "#7a9cc6",
          label: "data(weight)",
          "font-size": 11,
          color: "#102a43",
          "text-background-color": "#ffffff",
          "text-background-opacity": 1,
        },
      },
    ],
    layout: { name: "cose", animate: false, randomize: false, padding: 24 },
    userZoomingEnabled: false,
    autoungrabify: false,
  });
}

function growth(years) {
  const canvas = h("canvas", { role: "img", "aria-label": t("network.growth") });
  const figure = h("figure", { class: "chart" }, canvas);
  const drawChart = () => {
    if (growthChart) growthChart.destroy();
    growthChart = new Chart(canvas, {
      type: "line",
      data: {
        labels: years.map((entry) => String(entry.year)),
        datasets: [
          { label: t("network.growthMeetings"), data: years.map((entry) => entry.meetings) },
          { label: t("network.growthMembers"), data: years.map((entry) => entry.members) },
          { label: t("network.growthLinks"), data: years.map((entry) => entry.links) },
        ],
      },
      options: { animation: false, maintainAspectRatio: false, scales: { y: { beginAtZero: true } } },
    });
  };
  return [figure, drawChart];
}

export async function render(container, reference) {
  const results = h("div", { class: "results", "aria-live": "polite" });
  const rerender = () => render(container, reference);
  container.replaceChildren(form(reference, rerender), results);
  let history;
  let network;
  try {
    history = await get("meetings", "v1/analytics/co-participation/growth", filters);
    const to = year === null ? filters.to : `${year}-12-31`;
    network = await get("meetings", "v1/analytics/co-participation", { ...filters, to });
  } catch (error) {
    results.replaceChildren(unavailable(error) ? emptyNotice(t("network.unavailable")) : problemNotice(error));
    return;
  }
  if (network.members.length === 0) {
    results.replaceChildren(emptyNotice(t("network.none")));
    return;
  }
  const canvas = h("div", {
    class: "graph",
    id: "network-graph",
    role: "img",
    "aria-label": `${t("network.graph")}: ${network.members.length} · ${network.links.length}`,
  });
  const links = table(
    t("network.links"),
    [t("network.pair"), t("network.weight")],
    [...network.links]
      .sort((a, b) => b.weight - a.weight || a.members.join().localeCompare(b.members.join()))
      .map((link) => [link.members.join(" ↔ "), String(link.weight)]),
  );
  links.querySelector("table").id = "network-links";
  const members = table(
    t("network.members"),
    [
      t("network.members"),
      t("network.meetings"),
      t("network.degree"),
      t("network.weighted"),
      // The API names the networkx measure it computes (betweenness, say).
      network.centrality_measure ? `${t("network.centrality")} (${network.centrality_measure})` : t("network.centrality"),
    ],
    network.members.map((member) => [
      `${member.code} · ${reference.member(member.code)}`,
      String(member.meetings),
      String(member.degree),
      String(member.weighted_degree),
      member.centrality.toFixed(2),
    ]),
  );
  const least = h(
    "p",
    {},
    h("strong", {}, `${t("network.least")}: `),
    network.least_attending.map((code) => `${code} · ${reference.member(code)}`).join(", "),
  );
  const [figure, drawGrowth] = history.years.length ? growth(history.years) : [null, () => {}];
  results.replaceChildren(
    history.years.length ? slider(history.years, rerender) : null,
    canvas,
    links,
    members,
    least,
    history.years.length ? h("h3", {}, t("network.growth")) : null,
    figure,
  );
  draw(canvas, network);
  drawGrowth();
}
