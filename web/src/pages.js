// Article page (#/article/ID) and extract page (#/extract).
import * as api from "./api.js";
import { el, clear, route, outsideLink, errorBox } from "./dom.js";
import { annotatedView } from "./annotated.js";
import { quotedSpan } from "./brief.js";

export async function articlePage(root, id, isCurrent, params) {
  const a = await api.get(`articles/${encodeURIComponent(id)}`);
  if (!isCurrent()) return;
  const ann = a.annotation || {};
  const text = (ann.article && typeof ann.article.text === "string") ? ann.article.text : a.text || "";
  const link = a.url ? outsideLink(a.url, "original") : null;
  clear(root).append(
    el("section", { class: "card page-head" },
      el("div", { class: "crumbs" }, route("#/", "Overview"), " / article"),
      el("h1", { class: "article-title" }, a.title || "(untitled)"),
      el("div", { class: "sub" }, [a.outlet, a.published, a.byline].filter(Boolean).join(" · "), link ? " · " : null, link),
      el("div", { class: "muted mono small" }, `id ${a.id}`)),
    ...[params && quotedSpan(text, params)].filter(Boolean),
    annotatedView(ann, text));
}

const EXAMPLE = "Rebels attacked the town of Saraqib in Idlib province on Monday, killing five soldiers, " +
  "the Syrian Observatory for Human Rights said. Iran said it would send more advisers to support the Syrian army.";

let draft = null; // keep the pasted text when moving between pages

export function extractPage(root) {
  const area = el("textarea", { rows: 7, placeholder: "Paste a news article here…", spellcheck: "false", "aria-label": "Article text" });
  area.value = draft === null ? "" : draft;
  area.addEventListener("input", () => { draft = area.value; });
  // relative dates ("on Monday") are read against the publication date: today unless said otherwise
  const now = new Date();
  const today = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
  const published = el("input", { type: "date", "aria-label": "Publication date", value: today });
  const run = el("button", { type: "submit" }, "Extract events");
  const sample = el("button", { type: "button", class: "ghost" }, "Try an example");
  const status = el("span", { class: "muted" });
  const out = el("div", { class: "extract-out" });
  const form = el("form", { class: "card extract-form" },
    el("div", { class: "crumbs" }, route("#/", "Overview"), " / extract"),
    el("h1", null, "Extract events from a text"),
    el("p", { class: "muted" }, "The text is sent to this server only (nothing leaves it) and is not stored."),
    area,
    el("div", { class: "row" }, el("label", { class: "field inline" }, el("span", null, "Published"), published), run, sample, status));
  sample.addEventListener("click", () => { area.value = EXAMPLE; draft = EXAMPLE; area.focus(); });
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const text = area.value;
    if (!text.trim()) {
      clear(out).append(errorBox(new Error("paste some text first")));
      return;
    }
    run.disabled = true;
    status.textContent = "Reading…";
    clear(out);
    try {
      const body = { text };
      if (published.value) body.published = published.value;
      const ann = await api.post("extract", body);
      if (!root.contains(out)) return;
      if (ann.rejected) {
        out.append(errorBox(new Error(`rejected: ${typeof ann.rejected === "string" ? ann.rejected : JSON.stringify(ann.rejected)}`)));
      }
      const t = ann.article && typeof ann.article.text === "string" ? ann.article.text : text;
      out.append(annotatedView(ann, t));
      status.textContent = `${(ann.events || []).length} event(s)`;
    } catch (err) {
      out.append(errorBox(err));
      status.textContent = "";
    } finally {
      run.disabled = false;
    }
  });
  clear(root).append(form, out);
}
