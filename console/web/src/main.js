// The cooperation console: one page, a view per hash (#roadmap, #calendar, #network, #engagement, #admin),
// each a landmark of its own, labelled in the chosen language.
import { emptyNotice, h, problemNotice } from "./dom.js";
import { ENDONYMS, initialLanguage, LANGUAGES, setLanguage, t } from "./i18n.js";
import { Reference } from "./reference.js";
import * as admin from "./views/admin.js";
import * as calendar from "./views/calendar.js";
import * as engagement from "./views/engagement.js";
import * as network from "./views/network.js";
import * as roadmap from "./views/roadmap.js";

const VIEWS = { roadmap, calendar, network, engagement, admin };
let reference = null;

function route() {
  const [name, query] = location.hash.replace(/^#/, "").split("?");
  return { name: name in VIEWS ? name : "roadmap", parameters: new URLSearchParams(query || "") };
}

async function show() {
  const { name, parameters } = route();
  for (const view of Object.keys(VIEWS)) {
    document.getElementById(`view-${view}`).hidden = view !== name;
    const link = document.querySelector(`nav a[href="#${view}"]`);
    if (view === name) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  const container = document.querySelector(`#view-${name} .content`);
  container.setAttribute("aria-busy", "true");
  container.replaceChildren(emptyNotice(t("loading")));
  try {
    if (reference === null) {
      reference = await Reference.load();
      await reference.loadMeetings();
    }
    await VIEWS[name].render(container, reference, parameters);
  } catch (error) {
    container.replaceChildren(problemNotice(error));
  } finally {
    container.setAttribute("aria-busy", "false");
  }
}

function languageSwitch() {
  const choice = document.getElementById("language");
  choice.replaceChildren(...LANGUAGES.map((code) => h("option", { value: code, lang: code }, ENDONYMS[code])));
  choice.value = document.documentElement.lang;
  choice.addEventListener("change", () => {
    setLanguage(choice.value);
    show();
  });
}

setLanguage(initialLanguage());
languageSwitch();
window.addEventListener("hashchange", show);
show();
