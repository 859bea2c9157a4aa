// The actor network (from /api/graph): ally edges blue, hostile edges red, width by weight; d3-force layout.
import * as d3 from "d3";
import { el, showTip, moveTip, hideTip } from "./dom.js";
import { countryLabel } from "./classes.js";

export const ALLY = "#2563eb";
export const HOSTILE = "#dc2626";
const KIND_COLOR = {
  state: "#1e293b", armed_group: "#a16207", person: "#9333ea", organisation: "#0e7490", generic: "#94a3b8",
};

/** opts: graph ({nodes, edges}), height, actor (highlighted id or text), onActor(id) */
export function network(container, opts) {
  const width = Math.max(280, container.clientWidth || 460);
  const height = opts.height || 420;
  const graph = opts.graph || { nodes: [], edges: [] };
  const nodes = (graph.nodes || []).map((n) => ({ ...n }));
  const index = new Map(nodes.map((n) => [n.id, n]));
  const edges = (graph.edges || graph.links || [])
    .filter((e) => index.has(e.source) && index.has(e.target) && e.source !== e.target)
    .map((e) => ({ ...e }));

  const svg = d3.select(container).append("svg").attr("class", "network")
    .attr("viewBox", `0 0 ${width} ${height}`).attr("width", "100%")
    .attr("role", "img").attr("aria-label", "Actor network");
  if (!nodes.length) {
    svg.append("text").attr("class", "empty").attr("x", width / 2).attr("y", height / 2)
      .attr("text-anchor", "middle").text("No ties between actors in this window");
    return { nodes: 0, edges: 0 };
  }

  const strength = new Map(nodes.map((n) => [n.id, 0]));
  for (const e of edges) {
    const w = Math.abs(e.weight || 1);
    strength.set(e.source, strength.get(e.source) + w);
    strength.set(e.target, strength.get(e.target) + w);
  }
  const rScale = d3.scaleSqrt().domain([0, Math.max(1, d3.max(strength.values()))]).range([3.5, 13]);
  for (const n of nodes) n.r = rScale(strength.get(n.id));
  // pairs with both an ally and a hostile edge are drawn as two arcs
  const pairCount = d3.rollup(edges, (v) => v.length, (e) => [e.source, e.target].sort().join("\u0000"));
  for (const e of edges) {
    e.bend = pairCount.get([e.source, e.target].sort().join("\u0000")) > 1 ? (e.relation === "ally" ? 1 : -1) : 0;
  }

  const sim = d3.forceSimulation(nodes)
    .force("link", d3.forceLink(edges).id((d) => d.id).distance((e) => 34 + 4 * Math.min(6, Math.abs(e.weight || 1))))
    .force("charge", d3.forceManyBody().strength(-70).distanceMax(220))
    .force("collide", d3.forceCollide().radius((d) => d.r + 3))
    .force("x", d3.forceX(width / 2).strength(0.07))
    .force("y", d3.forceY(height / 2).strength(0.1))
    .stop();
  for (let i = 0; i < 300; i += 1) sim.tick(); // settle before drawing: a still picture, and no layout jitter
  // a small network spreads out over the panel (at most twice its natural size), leaving room for labels
  const [nx0, nx1] = d3.extent(nodes, (n) => n.x), [ny0, ny1] = d3.extent(nodes, (n) => n.y);
  const spread = Math.min(2, (width - 180) / Math.max(1, nx1 - nx0), (height - 50) / Math.max(1, ny1 - ny0));
  if (spread > 1 && nodes.length > 1) {
    const cx = (nx0 + nx1) / 2, cy = (ny0 + ny1) / 2;
    for (const n of nodes) {
      n.x = width / 2 + (n.x - cx) * spread;
      n.y = height / 2 + (n.y - cy) * spread;
    }
  }
  const clamp = () => {
    for (const n of nodes) {
      n.x = Math.max(n.r + 2, Math.min(width - n.r - 2, n.x));
      n.y = Math.max(n.r + 2, Math.min(height - n.r - 2, n.y));
    }
  };
  clamp();

  const wScale = d3.scaleLinear().domain([1, Math.max(2, d3.max(edges, (e) => Math.abs(e.weight || 1)))]).range([1.2, 5]);
  const link = svg.append("g").attr("class", "edges").selectAll("path").data(edges).join("path")
    .attr("class", (e) => `edge ${e.relation === "ally" ? "ally" : "hostile"}`)
    .attr("stroke", (e) => (e.relation === "ally" ? ALLY : HOSTILE))
    .attr("stroke-width", (e) => wScale(Math.abs(e.weight || 1)))
    .on("mouseenter", (event, e) => showTip(event, edgeTip(e)))
    .on("mousemove", moveTip)
    .on("mouseleave", hideTip);

  const needle = String(opts.actor || "").toLowerCase();
  const isFocus = (n) => needle && (n.id.toLowerCase() === needle || String(n.name || "").toLowerCase() === needle);
  const node = svg.append("g").attr("class", "nodes").selectAll("g").data(nodes).join("g")
    .attr("class", (n) => `node${isFocus(n) ? " focus" : ""}`)
    .attr("data-id", (n) => n.id)
    .attr("tabindex", 0)
    .on("mouseenter", (event, n) => { showTip(event, nodeTip(n, strength.get(n.id))); highlight(n); })
    .on("mousemove", moveTip)
    .on("mouseleave", () => { hideTip(); highlight(null); })
    .on("click", (event, n) => { if (event.defaultPrevented) return; hideTip(); if (opts.onActor) opts.onActor(n.id); })
    .on("keydown", (event, n) => { if (event.key === "Enter" && opts.onActor) opts.onActor(n.id); });
  node.append("circle").attr("r", (n) => n.r).attr("fill", (n) => KIND_COLOR[n.kind] || KIND_COLOR.generic);
  // label the best-connected actors (and the one in focus) where a label fits; the rest show their name on hover
  const ranked = [...nodes].sort((a, b) => isFocus(b) - isFocus(a) || strength.get(b.id) - strength.get(a.id));
  const boxes = [];
  const hits = (b) => boxes.some((o) => b.x0 < o.x1 && o.x0 < b.x1 && b.y0 < o.y1 && o.y0 < b.y1) ||
    nodes.some((m) => m.x + m.r > b.x0 && m.x - m.r < b.x1 && m.y + m.r > b.y0 && m.y - m.r < b.y1);
  const maxLabels = Math.max(6, Math.min(18, Math.round(width / 30)));
  for (const n of ranked) {
    if (boxes.length >= maxLabels) break;
    const w = 6 * shortName(n.name || n.id).length;
    const right = { x0: n.x + n.r + 2, x1: n.x + n.r + 4 + w, y0: n.y - 7, y1: n.y + 6 };
    const left = { x0: n.x - n.r - 4 - w, x1: n.x - n.r - 2, y0: n.y - 7, y1: n.y + 6 };
    const fits = (b) => b.x0 >= 0 && b.x1 <= width && !hits(b);
    if (fits(right) || isFocus(n)) { n.label = "right"; boxes.push(right); } else if (fits(left)) { n.label = "left"; boxes.push(left); }
  }
  node.filter((n) => n.label).append("text")
    .attr("class", "label").attr("text-anchor", (n) => (n.label === "left" ? "end" : "start"))
    .attr("x", (n) => (n.label === "left" ? -n.r - 3 : n.r + 3)).attr("y", 3.5).text((n) => shortName(n.name || n.id));

  const draw = () => {
    link.attr("d", (e) => {
      const { x: x1, y: y1 } = e.source, { x: x2, y: y2 } = e.target;
      if (!e.bend) return `M${x1},${y1}L${x2},${y2}`;
      const dx = x2 - x1, dy = y2 - y1, dist = Math.hypot(dx, dy) || 1;
      const off = 0.18 * dist * e.bend;
      return `M${x1},${y1}Q${(x1 + x2) / 2 - (dy / dist) * off},${(y1 + y2) / 2 + (dx / dist) * off} ${x2},${y2}`;
    });
    node.attr("transform", (n) => `translate(${n.x},${n.y})`);
  };
  draw();

  node.call(d3.drag()
    .on("start", (event, n) => { if (!event.active) sim.alphaTarget(0.2).restart(); n.fx = n.x; n.fy = n.y; })
    .on("drag", (event, n) => { n.fx = event.x; n.fy = event.y; })
    .on("end", (event, n) => { if (!event.active) sim.alphaTarget(0); n.fx = null; n.fy = null; }));
  sim.on("tick", () => { clamp(); draw(); });

  function highlight(n) {
    if (!n) {
      node.classed("dim", false);
      link.classed("dim", false);
      return;
    }
    const near = new Set([n.id]);
    for (const e of edges) {
      if (e.source.id === n.id) near.add(e.target.id);
      if (e.target.id === n.id) near.add(e.source.id);
    }
    node.classed("dim", (m) => !near.has(m.id));
    link.classed("dim", (e) => e.source.id !== n.id && e.target.id !== n.id);
  }

  container.append(el("div", { class: "legend-row" },
    el("span", { class: "item" }, el("span", { class: "line", style: `background:${ALLY}` }), "ally / backs"),
    el("span", { class: "item" }, el("span", { class: "line", style: `background:${HOSTILE}` }), "hostile"),
    ...Object.entries(KIND_COLOR).map(([k, c]) =>
      el("span", { class: "item" }, el("span", { class: "swatch round", style: `background:${c}` }), k.replace("_", " "))),
  ));
  return { nodes: nodes.length, edges: edges.length };
}

function shortName(name) {
  const s = String(name);
  return s.length > 26 ? `${s.slice(0, 24)}…` : s;
}

function nodeTip(n, s) {
  return [
    el("strong", null, n.name || n.id),
    el("div", { class: "muted mono" }, n.id),
    el("div", null, [n.kind && n.kind.replace("_", " "), n.sector, countryLabel(n.country)].filter(Boolean).join(" · ")),
    el("div", null, `tie strength ${s}`),
    el("div", { class: "muted" }, "click: filter by this actor"),
  ];
}

function edgeTip(e) {
  const name = (n) => (n && (n.name || n.id)) || "?";
  const when = e.first ? (e.first === e.last ? e.first : `${e.first} – ${e.last}`) : null;
  const sample = [...(e.events || []), ...(e.statements || [])].map((x) => x && x.evidence).filter(Boolean)[0];
  return [
    el("strong", null, `${name(e.source)} — ${name(e.target)}`),
    el("div", { class: e.relation === "ally" ? "ally-text" : "hostile-text" },
      `${e.relation} (weight ${e.weight > 0 ? "+" : ""}${e.weight})`),
    el("div", null, `${e.n_events || 0} event${e.n_events === 1 ? "" : "s"}, ${e.n_statements || 0} statement${e.n_statements === 1 ? "" : "s"}`),
    when ? el("div", { class: "muted" }, when) : null,
    sample ? el("div", { class: "quote" }, String(sample).trim().slice(0, 220)) : null,
  ];
}
