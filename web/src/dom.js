// DOM helpers. Every string that may come from data (article text, titles, actor names...) goes into the page
// as a text node: nothing here parses HTML, and no other module may use innerHTML, insertAdjacentHTML or d3 .html().

/** el("a", {class: "x", href: "#/"}, "text", child, [more]) -> Element. Attribute values are set with
 *  setAttribute (never event-handler attributes: those are refused); children are nodes or strings (text). */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (/^on/i.test(k)) throw new Error(`el(): event attribute ${k} refused; use addEventListener`);
      if (k === "dataset") Object.assign(node.dataset, v);
      else node.setAttribute(k, v === true ? "" : String(v));
    }
  }
  append(node, children);
  return node;
}

export function svgEl(tag, attrs) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) node.setAttribute(k, String(v));
  return node;
}

export function append(node, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    node.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

/** A link inside the app (hash route). */
export function route(href, ...children) {
  return el("a", { href }, ...children);
}

/** An outside link, only for http(s) URLs (a stored URL is untrusted: no javascript: or data: links). */
export function outsideLink(url, label) {
  let u;
  try {
    u = new URL(String(url));
  } catch {
    return null;
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") return null;
  return el("a", { href: u.href, rel: "noopener noreferrer nofollow", target: "_blank", class: "ext" }, label || u.host);
}

/** A definition list of [label, value] pairs, skipping empty values. */
export function facts(pairs) {
  const dl = el("dl", { class: "facts" });
  for (const [k, v] of pairs) {
    if (v === null || v === undefined || v === "" || (Array.isArray(v) && !v.length)) continue;
    dl.append(el("dt", null, k), el("dd", null, Array.isArray(v) ? v.join(", ") : v));
  }
  return dl;
}

export function fmtNum(n) {
  return n === null || n === undefined ? "" : Number(n).toLocaleString("en-US");
}

// ---------------------------------------------------------------- tooltip (one for the page)
let tip;
export function tooltip() {
  if (!tip) {
    tip = el("div", { class: "tooltip", role: "tooltip", "aria-hidden": "true" });
    document.body.append(tip);
  }
  return tip;
}

/** Show the tooltip near a mouse event with content built by the caller (nodes or strings). */
export function showTip(event, ...content) {
  const t = tooltip();
  clear(t);
  append(t, content);
  t.classList.add("on");
  moveTip(event);
}

export function moveTip(event) {
  const t = tooltip();
  const pad = 14;
  const w = t.offsetWidth, h = t.offsetHeight;
  let x = event.clientX + pad, y = event.clientY + pad;
  if (x + w > window.innerWidth - 8) x = event.clientX - w - pad;
  if (y + h > window.innerHeight - 8) y = event.clientY - h - pad;
  t.style.left = `${Math.max(4, x)}px`;
  t.style.top = `${Math.max(4, y)}px`;
}

export function hideTip() {
  if (tip) tip.classList.remove("on");
}

/** An error message for a panel or a page (the message may come from the server: text only). */
export function errorBox(e) {
  const msg = e && e.message ? e.message : String(e);
  return el("div", { class: "error", role: "alert" }, el("strong", null, "Could not load this: "), msg);
}
