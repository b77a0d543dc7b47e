// The analysts' page: simulates the chosen rule through the API, draws the cost by region,
// compares what-if values or an edited version, and checks the edited YAML.
"use strict";

const main = document.getElementById("rule");
const data = JSON.parse(document.getElementById("page-data").textContent);
const t = data.labels;
const lang = main ? main.dataset.lang : "en";
const locale = { kk: "kk-KZ", ru: "ru-RU", en: "en-GB" }[lang];
const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
const SVG = "http://www.w3.org/2000/svg";

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  for (const child of children) node.append(child instanceof Node ? child : String(child));
  return node;
}

function regionName(code) {
  return data.regions[code] || t.no_region;
}

function token() {
  if (data.token) return data.token;
  return document.querySelector("#simulate input[name=token]").value.trim();
}

function say(text) {
  document.getElementById("status").textContent = text;
}

async function simulate(body) {
  say(t.working);
  const response = await fetch(`/api/rules/${encodeURIComponent(main.dataset.rule)}/simulate`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${token()}` },
    body: JSON.stringify(body),
  });
  const answer = await response.json();
  if (!response.ok) {
    const detail = typeof answer.detail === "string"
      ? answer.detail
      : (answer.detail || []).map((d) => `${(d.loc || []).slice(1).join(".")}: ${d.msg}`).join("; ");
    say(`${t.refused}: ${detail}`);
    return null;
  }
  say("");
  return answer;
}

function form() {
  const simulate = document.getElementById("simulate");
  return {
    population: Number(simulate.population.value),
    as_of: simulate.as_of.value,
  };
}

function whatIf() {
  const values = {};
  for (const input of document.querySelectorAll("#simulate input[name=param]")) {
    if (input.value.trim() !== "") values[input.dataset.parameter] = input.value.trim();
  }
  return values;
}

function figures(rows) {
  const list = element("dl", { class: "figures" });
  for (const [label, value] of rows) {
    list.append(element("div", {}, element("dt", {}, label), element("dd", { class: "number" }, number.format(value))));
  }
  return list;
}

function totals(result) {
  const country = result.national;
  const table = element("table", { class: "totals" });
  table.append(element("thead", {}, element("tr", {}, element("th"), element("th", {}, t.sample), element("th", {}, t.country))));
  const body = element("tbody");
  const rows = [
    [t.eligible, result.eligible, country.eligible],
    [t.one_time, result.one_time_cost_kzt, country.one_time_cost_kzt],
    [t.monthly, result.monthly_cost_kzt, country.monthly_cost_kzt],
    [t.annual, result.annual_cost_kzt, country.annual_cost_kzt],
  ];
  for (const [label, sample, whole] of rows) {
    body.append(element("tr", {}, element("th", { scope: "row" }, label),
      element("td", { class: "number" }, number.format(sample)),
      element("td", { class: "number" }, number.format(whole))));
  }
  table.append(body);
  return table;
}

function chart(result) {
  const regions = Object.entries(result.national.by_region)
    .sort((a, b) => b[1].annual_cost_kzt - a[1].annual_cost_kzt);
  const top = Math.max(1, ...regions.map(([, r]) => r.annual_cost_kzt));
  const bar = 18;
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", `0 0 360 ${regions.length * bar + 4}`);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", t.by_region_chart);
  svg.setAttribute("class", "regions-chart");
  regions.forEach(([code, region], index) => {
    const y = index * bar + 2;
    const label = document.createElementNS(SVG, "text");
    label.setAttribute("x", "0");
    label.setAttribute("y", String(y + 12));
    label.textContent = regionName(code);
    const rect = document.createElementNS(SVG, "rect");
    rect.setAttribute("x", "150");
    rect.setAttribute("y", String(y + 2));
    rect.setAttribute("height", String(bar - 6));
    rect.setAttribute("width", String(Math.max(1, (region.annual_cost_kzt / top) * 205)));
    const title = document.createElementNS(SVG, "title");
    title.textContent = `${regionName(code)}: ${number.format(region.annual_cost_kzt)}`;
    rect.append(title);
    svg.append(label, rect);
  });
  return element("figure", {}, element("figcaption", {}, t.by_region_chart), svg);
}

function regionTable(result) {
  const table = element("table", { class: "regions" });
  table.append(element("thead", {}, element("tr", {},
    element("th", {}, t.region),
    element("th", {}, `${t.eligible} · ${t.sample}`),
    element("th", {}, `${t.annual} · ${t.sample}`),
    element("th", {}, `${t.eligible} · ${t.country}`),
    element("th", {}, `${t.annual} · ${t.country}`))));
  const body = element("tbody");
  for (const [code, region] of Object.entries(result.national.by_region)) {
    const sample = result.by_region[code];
    const annual = result.monthly_cost_kzt ? sample.cost_kzt * 12 : sample.cost_kzt;
    body.append(element("tr", { "data-region": code },
      element("th", { scope: "row" }, regionName(code)),
      element("td", { class: "number" }, number.format(sample.eligible)),
      element("td", { class: "number" }, number.format(annual)),
      element("td", { class: "number" }, number.format(region.eligible)),
      element("td", { class: "number" }, number.format(region.annual_cost_kzt))));
  }
  table.append(body);
  return element("div", { class: "scroll" }, table);
}

function reasons(result) {
  const fails = Object.fromEntries(data.conditions.map((c) => [c.id, c.fails]));
  const list = element("ul", { class: "reasons" });
  for (const [id, count] of Object.entries(result.not_eligible_reasons)) {
    if (count) list.append(element("li", {}, `${t.reasons}: ${fails[id] || id} — ${number.format(count)}`));
  }
  for (const [fact, count] of Object.entries(result.unknown_reasons)) {
    list.append(element("li", {}, `${t.unknown} (`, element("code", {}, fact), `) — ${number.format(count)}`));
  }
  return list;
}

function showResult(result) {
  const place = document.getElementById("result");
  place.replaceChildren(
    figures([[t.population, result.population], [t.events, result.events]]),
    totals(result), chart(result), regionTable(result), reasons(result),
    element("p", { class: "source" }, t.source));
}

function comparedThrough(diff) {
  // a modifier's change is compared through its base: what the citizens are told
  if (!data.base || diff.baseline.rule_id === main.dataset.rule) return "";
  return element("p", { class: "note", id: "compared-through" }, `${t.compared_through}: ${data.base}`);
}

function showDiff(diff) {
  const place = document.getElementById("result");
  place.replaceChildren(
    comparedThrough(diff),
    element("div", { id: "diff" }, figures([
      [t.gainers, diff.gainers],
      [t.losers, diff.losers],
      [t.newly, diff.newly_eligible],
      [t.no_longer, diff.no_longer_eligible],
      [t.cost_change, diff.cost_change_kzt],
      [t.country_change, diff.national_annual_cost_change_kzt],
    ])),
    totals(diff.candidate), chart(diff.candidate), regionTable(diff.candidate),
    element("p", { class: "source" }, t.source));
}

async function check() {
  const list = document.getElementById("problems");
  const response = await fetch("/api/rules/validate", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ yaml: document.getElementById("yaml").value }),
  });
  const answer = await response.json();
  if (!response.ok) {
    list.replaceChildren(element("li", { class: "bad" }, `${t.refused}: ${JSON.stringify(answer.detail)}`));
    return false;
  }
  const source = main.dataset.source;
  const items = answer.problems.map((p) => element("li", { class: "bad" }, element("code", {}, `${source}:${p.line}`), `: ${p.message}`));
  for (const test of answer.tests) {
    items.push(element("li", { class: test.passed ? "ok" : "bad" }, `${test.passed ? "✓" : "✗"} ${test.name}`));
  }
  if (answer.valid) items.unshift(element("li", { class: "ok" }, t.valid));
  list.replaceChildren(...items);
  return answer.valid;
}

if (main) {
  document.getElementById("simulate").addEventListener("submit", async (event) => {
    event.preventDefault();
    const comparing = event.submitter && event.submitter.name === "what_if";
    const body = { ...form(), ...(comparing ? { parameters: whatIf() } : {}) };
    const answer = await simulate(body);
    if (answer) (comparing ? showDiff : showResult)(answer);
  });
  document.getElementById("check").addEventListener("click", check);
  document.getElementById("compare").addEventListener("click", async () => {
    if (!(await check())) return;
    const answer = await simulate({ ...form(), candidate_yaml: document.getElementById("yaml").value });
    if (answer) showDiff(answer);
  });
}
