// An annotated article: the highlighted text beside the list of its events with their evidence.
// Used by the article page (a stored article) and the extract page (a pasted text).
import { el, append, clear, facts, showTip, moveTip, hideTip } from "./dom.js";
import { annotatedText, annotationSpans, spanCard, codePointIndex, KIND_LABEL } from "./highlight.js";
import { classColor, countryLabel, eventClass, STATUS_LABEL } from "./classes.js";

const KINDS = ["actor", "place", "time", "trigger", "quantity"];

/** ann: the output contract's object; text: the article text the offsets point into. */
export function annotatedView(ann, text) {
  const spans = annotationSpans(ann);
  const textBox = annotatedText(text, spans);
  const detail = el("div", { class: "span-detail", "aria-live": "polite" },
    el("p", { class: "muted" }, "Click a highlighted word to see what it was resolved to."));

  // legend with toggles
  const counts = {};
  for (const s of spans) counts[s.kind] = (counts[s.kind] || 0) + 1;
  const legend = el("div", { class: "hl-legend" });
  for (const k of KINDS) {
    const box = el("input", { type: "checkbox", checked: true, "data-kind": k });
    box.addEventListener("change", () => textBox.classList.toggle(`hide-${k}`, !box.checked));
    legend.append(el("label", { class: `toggle k-${k}` }, box, el("span", { class: `kind-chip k-${k}` }, KIND_LABEL[k]),
      el("span", { class: "muted" }, String(counts[k] || 0))));
  }

  const spansAt = (target) => {
    const out = [];
    for (let n = target; n && n !== textBox; n = n.parentElement) {
      if (n.dataset && n.dataset.i !== undefined && n.dataset.kind !== "evidence" &&
          !textBox.classList.contains(`hide-${n.dataset.kind}`)) out.push(spans[Number(n.dataset.i)]);
    }
    return out;
  };
  const spanText = (s) => {
    const u = codePointIndex(text);
    return text.slice(u(s.start), u(s.end));
  };

  textBox.addEventListener("mouseover", (event) => {
    const found = spansAt(event.target);
    if (!found.length) { hideTip(); return; }
    showTip(event, ...found.slice(0, 3).map((s) => spanCard(s, spanText(s))));
  });
  textBox.addEventListener("mousemove", (event) => { if (spansAt(event.target).length) moveTip(event); });
  textBox.addEventListener("mouseleave", hideTip);

  const events = ann.events || [];
  const cards = events.map((e, k) => eventCard(e, k, text));
  const select = (k, scroll) => {
    for (const c of cards) c.classList.toggle("active", Number(c.dataset.event) === k);
    for (const sp of textBox.querySelectorAll(".active")) sp.classList.remove("active");
    spans.forEach((s, i) => {
      if (s.event === k) for (const sp of textBox.querySelectorAll(`[data-i="${i}"]`)) sp.classList.add("active");
    });
    if (scroll === "text") {
      const first = textBox.querySelector(".ev.active");
      if (first) first.scrollIntoView({ block: "center", behavior: "smooth" });
    } else if (scroll === "card" && cards[k]) cards[k].scrollIntoView({ block: "nearest", behavior: "smooth" });
  };

  textBox.addEventListener("click", (event) => {
    const found = spansAt(event.target);
    clear(detail);
    if (!found.length) {
      detail.append(el("p", { class: "muted" }, "Click a highlighted word to see what it was resolved to."));
      return;
    }
    for (const s of found) detail.append(spanCard(s, spanText(s)));
    const trig = found.find((s) => s.kind === "trigger");
    if (trig) select(trig.event, "card");
  });
  cards.forEach((c, k) => {
    c.addEventListener("click", (event) => {
      if (event.target.closest("a")) return;
      select(k, "text");
    });
  });

  const relations = ann.relations || [];
  const side = el("aside", { class: "events-side" },
    el("h3", null, `Events (${events.length})`),
    events.length ? el("div", { class: "event-cards" }, cards) : el("p", { class: "muted" }, "No events found in this text."),
    relations.length ? el("h3", null, `Relations (${relations.length})`) : null,
    relations.length ? el("ul", { class: "relations" }, relations.map(relationItem)) : null);

  return el("div", { class: "annotated" },
    el("section", { class: "text-col card" }, legend, textBox, detail),
    side);
}

function actorNames(list) {
  return (list || []).map((a) => a.name || a.text || a.id).filter(Boolean);
}

function eventCard(e, k, text) {
  const cls = eventClass(e.type);
  const status = e.attribution && e.attribution.status;
  const claimants = ((e.attribution && e.attribution.claimants) || []).map((c) => `${c.text} (${c.kind})`);
  const loc = e.location ? [e.location.name, countryLabel(e.location.country)].filter(Boolean).join(", ") : null;
  const quantities = (e.quantities || []).map((q) => q.text).filter(Boolean);
  const card = el("article", { class: "event-card", "data-event": k, tabindex: 0, style: `--c:${cls.color}` },
    el("header", null,
      el("span", { class: "type-badge", style: `background:${classColor(e.type)}` }, e.type || "?"),
      e.mode ? el("span", { class: "mode" }, e.mode) : null,
      status ? el("span", { class: `status s-${status}` }, STATUS_LABEL[status] || status) : null,
      Number.isFinite(e.confidence) ? el("span", { class: "conf", title: "confidence" }, `${Math.round(e.confidence * 100)}%`) : null),
    el("div", { class: "who" },
      el("span", { class: "actors" }, actorNames(e.sources).join(", ") || "—"),
      el("span", { class: "arrow" }, " → "),
      el("span", { class: "actors" }, actorNames(e.targets).join(", ") || "—")),
    facts([
      ["where", loc],
      ["when", e.date ? e.date.value : null],
      ["fatalities", Number.isInteger(e.fatalities) ? String(e.fatalities) : null],
      ["figures", quantities],
      ["who says", claimants],
      ["CAMEO", e.cameo],
      ["ACLED", e.acled && e.acled.event_type ? [e.acled.event_type, e.acled.sub_event_type].filter(Boolean).join(" / ") : null],
    ]),
    evidenceQuote(e, text));
  return card;
}

/** The evidence sentence with its trigger in bold (all text nodes). */
function evidenceQuote(e, text) {
  const ev = e.evidence || {};
  let sentence = ev.sentence;
  const u = codePointIndex(text);
  if (!sentence && Number.isInteger(ev.start)) sentence = text.slice(u(ev.start), u(ev.end));
  if (!sentence) return null;
  const q = el("blockquote", { class: "evidence" });
  const t = e.trigger;
  if (t && Number.isInteger(t.start) && Number.isInteger(ev.start) && t.start >= ev.start && t.end <= ev.end) {
    const su = codePointIndex(sentence);
    const a = su(t.start - ev.start), b = su(t.end - ev.start);
    if (sentence.slice(a, b) === t.text) {
      append(q, [sentence.slice(0, a).trimStart(), el("strong", null, sentence.slice(a, b)), sentence.slice(b).trimEnd()]);
      return q;
    }
  }
  q.append(sentence.trim());
  return q;
}

function relationItem(r) {
  return el("li", null,
    el("strong", null, r.a_name || r.a), ` ${r.kind} `, el("strong", null, r.b_name || r.b),
    r.evidence && r.evidence.sentence ? el("div", { class: "quote" }, r.evidence.sentence.trim()) : null);
}

