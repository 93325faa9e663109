// Small helpers to build the views' markup from data, escaping every text (textContent, never innerHTML).
import { t } from "./i18n.js";

export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else if (name === "class") element.className = value;
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

export function table(caption, headings, rows) {
  return h(
    "div",
    { class: "table-scroll" },
    h(
      "table",
      {},
      h("caption", {}, caption),
      h("thead", {}, h("tr", {}, headings.map((heading) => h("th", { scope: "col" }, heading)))),
      h("tbody", {}, rows.map((cells) => h("tr", {}, cells.map((cell) => h("td", {}, cell))))),
    ),
  );
}

// What a view shows when a service answers with a problem: its title, as RFC 9457 means it to be read.
export function problemNotice(error) {
  const title = error && error.title ? error.title : String(error);
  return h(
    "div",
    { class: "notice problem", role: "alert" },
    h("strong", {}, `${t("problem")}: ${title}`),
    error && error.detail ? h("p", {}, error.detail) : null,
  );
}

export function emptyNotice(text) {
  return h("p", { class: "notice empty", role: "status" }, text);
}

export function select(name, label, options, chosen, idPrefix = "filter") {
  const id = `${idPrefix}-${name}`;
  return h(
    "div",
    { class: "field" },
    h("label", { for: id }, label),
    h(
      "select",
      { id, name },
      h("option", { value: "" }, t("filter.any")),
      options.map(([value, text]) => h("option", { value, selected: value === chosen }, text)),
    ),
  );
}

export function dateField(name, label, value, idPrefix = "filter") {
  const id = `${idPrefix}-${name}`;
  return h(
    "div",
    { class: "field" },
    h("label", { for: id }, label),
    h("input", { id, name, type: "date", value: value || undefined }),
  );
}

export function formValues(form) {
  return Object.fromEntries([...new FormData(form).entries()].filter(([, value]) => value !== ""));
}
