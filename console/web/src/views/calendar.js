// The calendar of meetings with the filters of the meetings feed (GET /v1/meetings, /v1/calendar.ics).
import { address, get } from "../api.js";
import { dateField, emptyNotice, formValues, h, problemNotice, select, table } from "../dom.js";
import { formatDate, language, named, t } from "../i18n.js";

const TRACKS = ["1", "1.5", "2"];
const STATUSES = ["planned", "confirmed", "postponed", "cancelled", "held"];
let filters = {};

function meetingRows(reference, meetings) {
  return meetings.map((meeting) => [
    h("time", { datetime: meeting.meeting_date }, formatDate(meeting.meeting_date)),
    h("span", { id: `meeting-${meeting.id}` }, named(meeting.title, meeting.id)),
    [meeting.mechanism_code ? reference.mechanism(meeting.mechanism_code) : "", ...meeting.issue_area_codes.map((code) => reference.issueArea(code))]
      .filter(Boolean)
      .join(" · "),
    `${meeting.city} (${reference.member(meeting.country_code)})`,
    t(`status.${meeting.status}`),
    meeting.participants
      .filter((participant) => participant.attendance === "attended")
      .map((participant) => participant.member_code)
      .join(", "),
  ]);
}

function form(reference, onApply) {
  const element = h(
    "form",
    { class: "filters", "aria-label": t("view.calendar") },
    select("issue_area", t("filter.issue_area"), reference.issueAreaOptions(), filters.issue_area, "calendar"),
    select("mechanism", t("filter.mechanism"), reference.mechanismOptions(), filters.mechanism, "calendar"),
    select("member", t("filter.member"), reference.memberOptions(), filters.member, "calendar"),
    select("track", t("filter.track"), TRACKS.map((track) => [track, track]), filters.track, "calendar"),
    select("status", t("filter.status"), STATUSES.map((status) => [status, t(`status.${status}`)]), filters.status, "calendar"),
    dateField("from", t("filter.from"), filters.from, "calendar"),
    dateField("to", t("filter.to"), filters.to, "calendar"),
    h("button", { type: "submit" }, t("filter.apply")),
  );
  element.addEventListener("submit", (event) => {
    event.preventDefault();
    filters = formValues(element);
    onApply();
  });
  return element;
}

export async function render(container, reference, parameters) {
  const results = h("div", { class: "results", "aria-live": "polite" });
  const rerender = () => render(container, reference, new URLSearchParams());
  container.replaceChildren(form(reference, rerender), results);
  const headings = [t("meeting.date"), t("meeting.title"), t("filter.mechanism"), t("meeting.place"), t("filter.status"), t("meeting.attended")];
  const chosen = parameters.get("meeting");
  let meetings;
  try {
    meetings = chosen
      ? [await get("meetings", `v1/meetings/${encodeURIComponent(chosen)}`)]
      : (await get("meetings", "v1/meetings", { ...filters, limit: 200 })).items;
  } catch (error) {
    results.replaceChildren(problemNotice(error));
    return;
  }
  const feed = h(
    "p",
    {},
    h("a", { href: address("meetings", "v1/calendar.ics", { ...filters, lang: language() }) }, t("calendar.feed")),
  );
  if (meetings.length === 0) {
    results.replaceChildren(emptyNotice(t("calendar.none")), feed);
    return;
  }
  results.replaceChildren(table(t("calendar.heading"), headings, meetingRows(reference, meetings)), feed);
}
