// Article text with its annotations lit up. The text is split by character offsets into text nodes and <span>
// elements (never parsed as HTML). Spans nest; one that crosses another's end is cut in two.
import { el, append } from "./dom.js";

// outermost first when two spans cover the same characters
const PRIORITY = { evidence: 0, quantity: 1, actor: 2, place: 3, time: 4, trigger: 5 };

/** Offsets in the contract count Unicode code points (Python); JS strings count UTF-16 units. */
export function codePointIndex(text) {
  if (!/[\uD800-\uDFFF]/.test(text)) return (i) => i;
  const units = [0];
  let u = 0;
  for (const ch of text) {
    u += ch.length;
    units.push(u);
  }
  return (i) => units[Math.max(0, Math.min(units.length - 1, i))];
}

/**
 * spans: [{start, end, kind, ...}] with code-point offsets. Returns a <div> holding the text, where span i is
 * rendered as one (or, when cut, several) <span class="m m-KIND" data-kind data-i="i"> elements.
 */
export function annotatedText(text, spans) {
  const toUnit = codePointIndex(text);
  const n = text.length;
  const items = [];
  spans.forEach((s, i) => {
    if (!s || !Number.isInteger(s.start) || !Number.isInteger(s.end)) return;
    const start = toUnit(s.start), end = toUnit(s.end);
    if (start < 0 || end > n || end <= start) return;
    items.push({ start, end, kind: s.kind, i });
  });
  const order = (a, b) => a.start - b.start || b.end - a.end || (PRIORITY[a.kind] ?? 9) - (PRIORITY[b.kind] ?? 9) || a.i - b.i;
  items.sort(order);

  const root = { start: 0, end: n, children: [] };
  const stack = [root];
  while (items.length) {
    const it = items.shift();
    while (it.start >= stack[stack.length - 1].end) stack.pop();
    const top = stack[stack.length - 1];
    if (it.end > top.end) { // crosses the end of its parent: keep the part inside, queue the rest
      const rest = { ...it, start: top.end };
      it.end = top.end;
      let k = 0;
      while (k < items.length && order(items[k], rest) < 0) k += 1;
      items.splice(k, 0, rest);
    }
    const node = { ...it, children: [] };
    top.children.push(node);
    stack.push(node);
  }

  const render = (node, parent) => {
    let pos = node.start;
    for (const c of node.children) {
      if (c.start > pos) parent.append(document.createTextNode(text.slice(pos, c.start)));
      const span = el("span", { class: c.kind === "evidence" ? "ev" : `m m-${c.kind}`, "data-kind": c.kind, "data-i": c.i });
      render(c, span);
      parent.append(span);
      pos = c.end;
    }
    if (node.end > pos) parent.append(document.createTextNode(text.slice(pos, node.end)));
  };
  const box = el("div", { class: "article-text" });
  render(root, box);
  return box;
}

/** The spans of an annotation (the output contract): mentions, quantities, event triggers and evidence. */
export function annotationSpans(ann) {
  const spans = [];
  const m = ann.mentions || {};
  for (const a of m.actors || []) spans.push({ kind: "actor", start: a.start, end: a.end, data: a });
  for (const p of m.places || []) spans.push({ kind: "place", start: p.start, end: p.end, data: p });
  for (const t of m.times || []) spans.push({ kind: "time", start: t.start, end: t.end, data: t });
  for (const q of ann.quantities || []) {
    if (Number.isInteger(q.start)) spans.push({ kind: "quantity", start: q.start, end: q.end, data: q });
  }
  (ann.events || []).forEach((e, k) => {
    if (e.trigger && Number.isInteger(e.trigger.start)) {
      spans.push({ kind: "trigger", start: e.trigger.start, end: e.trigger.end, data: e, event: k });
    }
    if (e.evidence && Number.isInteger(e.evidence.start)) {
      spans.push({ kind: "evidence", start: e.evidence.start, end: e.evidence.end, data: e, event: k });
    }
  });
  return spans;
}

/** What a span resolved to, as [label, value] rows. */
export function spanFacts(s) {
  const d = s.data || {};
  const coords = (x) => (Number.isFinite(x.lat) && Number.isFinite(x.lon) ? `${x.lat.toFixed(4)}, ${x.lon.toFixed(4)}` : null);
  switch (s.kind) {
    case "actor":
      return [["actor", d.name], ["id", d.id], ["country", d.country], ["sector", d.sector], ["kind", d.kind],
        ["affiliations", d.affiliations || []], ["knowledge base", d.known === undefined ? null : d.known ? "known" : "not in it"]];
    case "place":
      return [["place", d.name], ["country", d.country], ["admin1", d.admin1], ["feature", d.feature],
        ["coordinates", coords(d)], ["GeoNames id", d.geonames_id]];
    case "time":
      return [["date", d.value], ["precision", d.precision],
        ["window", d.earliest && d.latest && d.earliest !== d.latest ? `${d.earliest} – ${d.latest}` : d.earliest]];
    case "quantity":
      return [["what", d.what], ["count", d.min === d.max || d.max === null || d.max === undefined ?
        `${d.min}${d.max === null ? "+" : ""}` : `${d.min}–${d.max}`],
      ["", [d.killed ? "killed" : null, d.wounded ? "wounded" : null].filter(Boolean)]];
    case "trigger":
      return [["event", d.type], ["mode", d.mode], ["status", d.attribution && d.attribution.status],
        ["event id", d.id]];
    default:
      return [];
  }
}

export const KIND_LABEL = { actor: "Actor", place: "Place", time: "Time", trigger: "Event trigger", quantity: "Quantity" };

/** Small card: kind label + text + facts. */
export function spanCard(s, text) {
  const dl = el("dl", { class: "facts" });
  for (const [k, v] of spanFacts(s)) {
    if (v === null || v === undefined || v === "" || (Array.isArray(v) && !v.length)) continue;
    dl.append(el("dt", null, k), el("dd", null, Array.isArray(v) ? v.join(", ") : String(v)));
  }
  return append(el("div", { class: `span-card k-${s.kind}` }),
    [el("div", { class: "span-head" }, el("span", { class: `kind-chip k-${s.kind}` }, KIND_LABEL[s.kind] || s.kind),
      el("q", null, text)), dl]);
}
