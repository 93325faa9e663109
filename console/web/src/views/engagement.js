// Engagement by member from attendance (GET /v1/analytics/engagement of the meetings service), as of a
// date the reader chooses.
import { get, Problem } from "../api.js";
import { dateField, emptyNotice, formValues, h, problemNotice, table } from "../dom.js";
import { formatDate, t } from "../i18n.js";
import { meetingLink, meetingList } from "./links.js";

let asOf = "";

export async function render(container, reference) {
  const form = h(
    "form",
    { class: "filters", "aria-label": t("engagement.heading") },
    dateField("as_of", t("engagement.asOf"), asOf, "engagement"),
    h("button", { type: "submit" }, t("filter.apply")),
  );
  const results = h("div", { class: "results", "aria-live": "polite" });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    asOf = formValues(form).as_of || "";
    render(container, reference);
  });
  container.replaceChildren(form, results);
  let answer;
  try {
    answer = await get("meetings", "v1/analytics/engagement", { as_of: asOf });
  } catch (error) {
    const missing = error instanceof Problem && error.status === 404;
    results.replaceChildren(missing ? emptyNotice(t("engagement.unavailable")) : problemNotice(error));
    return;
  }
  if (answer.members.length === 0) {
    results.replaceChildren(emptyNotice(t("engagement.none")));
    return;
  }
  results.replaceChildren(
    table(
      `${t("engagement.heading")} · ${t("engagement.asOf")} ${formatDate(answer.as_of)}`,
      [t("engagement.member"), t("engagement.status"), t("engagement.last"), t("engagement.justified")],
      answer.members.map((member) => [
        `${member.code} · ${reference.member(member.code)}`,
        h("span", { class: `badge engagement-${member.engagement}` }, t(`engagement.${member.engagement}`)),
        member.last_attended
          ? meetingLink(reference, member.last_attended.meeting, member.last_attended.on)
          : h("span", { class: "muted" }, t("engagement.never")),
        meetingList(reference, member.justified_by, ""),
      ]),
    ),
  );
}
