// PLOVER event types grouped into the four classes the dashboard colours by (the CAMEO "quad classes",
// with protest apart because analysts read it apart), and a colour per type within its class's hue.
import { COUNTRIES } from "./countries.js";

export const CLASSES = [
  { key: "material", label: "Material conflict", color: "#c2410c",
    types: ["ASSAULT", "COERCE", "SANCTION", "MOBILIZE"] },
  { key: "verbal", label: "Verbal conflict", color: "#d97706", types: ["THREATEN", "ACCUSE", "REJECT"] },
  { key: "protest", label: "Protest", color: "#7c3aed", types: ["PROTEST"] },
  { key: "coop", label: "Cooperation", color: "#0f766e",
    types: ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST"] },
];

const TYPE_COLORS = {
  ASSAULT: "#b91c1c", COERCE: "#ea580c", SANCTION: "#f97316", MOBILIZE: "#fdba74",
  THREATEN: "#b45309", ACCUSE: "#f59e0b", REJECT: "#fcd34d",
  PROTEST: "#7c3aed",
  AGREE: "#134e4a", CONSULT: "#0f766e", SUPPORT: "#14b8a6", CONCEDE: "#5eead4", COOPERATE: "#0e7490",
  AID: "#0284c7", RETREAT: "#7dd3fc", REQUEST: "#64748b",
};

const BY_TYPE = {};
for (const c of CLASSES) for (const t of c.types) BY_TYPE[t] = c;

const OTHER = { key: "other", label: "Other", color: "#64748b", types: [] };

export function eventClass(type) {
  return BY_TYPE[String(type || "").toUpperCase()] || OTHER;
}

export function classColor(type) {
  return eventClass(type).color;
}

export function typeColor(type) {
  return TYPE_COLORS[String(type || "").toUpperCase()] || OTHER.color;
}

/** Every type in class order (for stacking and legends). */
export const TYPE_ORDER = CLASSES.flatMap((c) => c.types);

export function countryName(iso3) {
  const c = COUNTRIES[String(iso3 || "").toUpperCase()];
  return c ? c[1] : iso3 || "";
}

/** "Syria (SYR)" or "" */
export function countryLabel(iso3) {
  if (!iso3) return "";
  const n = countryName(iso3);
  return n && n !== iso3 ? `${n} (${iso3})` : iso3;
}

/** "Aleppo, Syria (SYR)"; just "Syria (SYR)" when the place is the country itself. */
export function placeLabel(place, country) {
  if (place && country && place === countryName(country)) return countryLabel(country);
  return [place, countryLabel(country)].filter(Boolean).join(", ");
}

const NUMERIC_TO_ISO3 = {};
for (const [iso3, [num]] of Object.entries(COUNTRIES)) if (num) NUMERIC_TO_ISO3[num] = iso3;

/** world-atlas feature -> ISO3 (its id is the ISO numeric code; Kosovo has none). */
export function featureIso3(feature) {
  if (feature.id && NUMERIC_TO_ISO3[feature.id]) return NUMERIC_TO_ISO3[feature.id];
  if (feature.properties && feature.properties.name === "Kosovo") return "XKX";
  return null;
}

export const STATUS_LABEL = {
  reported: "reported", claimed: "claimed", denied: "denied", negated: "did not happen",
  hypothetical: "hypothetical", background: "background",
};
