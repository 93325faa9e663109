import { h } from "../dom.js";
import { formatDate } from "../i18n.js";

// A meeting named in its title (chosen language) and date, linking to it in the calendar.
export function meetingLink(reference, id, heldOn) {
  const meeting = reference.meetings.get(id);
  const day = heldOn || meeting?.held_on || meeting?.meeting_date;
  const text = day ? `${reference.meetingTitle(id)} (${formatDate(day)})` : reference.meetingTitle(id);
  return h("a", { href: `#calendar?meeting=${encodeURIComponent(id)}`, class: "meeting-link" }, text);
}

export function meetingList(reference, ids, emptyText) {
  if (!ids || ids.length === 0) return h("span", { class: "muted" }, emptyText);
  return h("ul", { class: "evidence" }, ids.map((id) => h("li", {}, meetingLink(reference, id))));
}
