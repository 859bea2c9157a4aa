// eventwire dashboard: a single page with hash routes.
//   #/                 overview (filters in the query: #/?country=SYR&type=ASSAULT)
//   #/incident/ID      one incident and every report of it
//   #/article/ID       one stored article, highlighted
//   #/extract          paste a text, see what eventwire reads in it
//   #/brief?country=SYR&since=...&until=...   the situation brief;  #/alerts  the alerts of the watches
import { el, clear, hideTip, errorBox } from "./dom.js";
import { parseHash } from "./filters.js";
import { overview } from "./overview.js";
import { incidentPage } from "./incident.js";
import { articlePage, extractPage } from "./pages.js";
import { alertsBadge, alertsPage, briefPage } from "./brief.js";

const root = document.getElementById("app");
const nav = document.getElementById("nav");
let generation = 0;

async function show() {
  const mine = ++generation;
  const isCurrent = () => mine === generation;
  const { path, params } = parseHash(window.location.hash);
  hideTip();
  const page = path[0] || "";
  for (const a of nav.querySelectorAll("a")) a.classList.toggle("current", a.dataset.page === (page || "overview"));
  document.body.dataset.page = page || "overview";
  delete document.body.dataset.ready; // set again, to the hash shown, once every panel has drawn (tests wait on it)
  try {
    if (!page) {
      await overview(root, params, isCurrent);
      document.title = "eventwire";
    } else if (page === "incident" && path[1]) {
      clear(root).append(el("div", { class: "loading" }, "Loading…"));
      await incidentPage(root, path[1], isCurrent);
      document.title = `Incident ${path[1]} · eventwire`;
    } else if (page === "article" && path[1]) {
      clear(root).append(el("div", { class: "loading" }, "Loading…"));
      await articlePage(root, path[1], isCurrent, params);
      document.title = "Article · eventwire";
    } else if (page === "brief") {
      await briefPage(root, params, isCurrent);
      document.title = "Brief · eventwire";
    } else if (page === "alerts") {
      clear(root).append(el("div", { class: "loading" }, "Loading…"));
      await alertsPage(root, isCurrent);
      document.title = "Alerts · eventwire";
    } else if (page === "extract") {
      extractPage(root);
      document.title = "Extract · eventwire";
    } else {
      clear(root).append(errorBox(new Error("no such page")));
    }
    if (isCurrent()) {
      document.body.dataset.ready = window.location.hash || "#/";
      if (page) window.scrollTo(0, 0);
    }
  } catch (e) {
    if (isCurrent()) {
      clear(root).append(errorBox(e));
      document.body.dataset.ready = window.location.hash || "#/";
    }
  }
}

// re-draw the overview when the window is resized a lot (the charts are drawn to the panel width)
let lastWidth = window.innerWidth;
let resizeTimer;
window.addEventListener("resize", () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    if (Math.abs(window.innerWidth - lastWidth) > 80 && !parseHash(window.location.hash).path.length) {
      lastWidth = window.innerWidth;
      show();
    }
  }, 250);
});

window.addEventListener("hashchange", () => { show(); alertsBadge(nav); });
show();
alertsBadge(nav);
