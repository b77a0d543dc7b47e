// The control room: live updates through server-sent events (the page's figures are fetched
// again and swapped in place, never a full reload), and, in demo mode, the presenter's panel.
"use strict";

const lang = document.body.dataset.lang || "en";
let refreshing = null;

async function refresh() {
  const response = await fetch(`/?lang=${lang}`, { headers: { Accept: "text/html" } });
  if (!response.ok) return;
  const page = new DOMParser().parseFromString(await response.text(), "text/html");
  const fresh = page.getElementById("main");
  const current = document.getElementById("main");
  const presenter = document.getElementById("presenter");
  if (fresh && current) {
    const keep = presenter ? presenter.querySelector("#told").innerHTML : "";
    current.replaceWith(fresh);
    const told = document.getElementById("told");
    if (told) told.innerHTML = keep;
    wirePanel();
  }
  const clock = page.getElementById("clock");
  if (clock) document.getElementById("clock").innerHTML = clock.innerHTML;
  document.getElementById("live").hidden = false;
}

function soon() {
  if (refreshing) return;
  refreshing = setTimeout(async () => { refreshing = null; await refresh(); }, 700);
}

function listen() {
  if (!window.EventSource) return;
  const stream = new EventSource("/api/control-room/stream");
  stream.addEventListener("ready", () => { document.getElementById("live").hidden = false; });
  for (const kind of ["life_event", "inbox", "task", "dead_letter"]) {
    stream.addEventListener(kind, soon);
  }
  stream.onerror = () => { document.getElementById("live").hidden = true; };
}

function say(html) {
  const told = document.getElementById("told");
  if (told) told.innerHTML = html;
}

async function post(url, body) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(typeof data.detail === "string" ? data.detail : response.status);
  return data;
}

let officialToken = null;
async function controlRoomToken() {
  if (!officialToken) officialToken = (await post("/api/demo/control-room-token")).token;
  return officialToken;
}

function wirePanel() {
  const panel = document.getElementById("presenter");
  if (!panel) return;
  const told = document.getElementById("told");
  panel.querySelectorAll("[data-story]").forEach((button) => {
    button.onclick = async () => {
      say(told.dataset.working);
      try {
        const story = await post(`/api/demo/stories/${button.dataset.story}`);
        const caseUrl = `${story.case_url}?lang=${lang}`;
        say(`<a id="told-case" href="${caseUrl}">${told.dataset.openCase}</a> · ` +
            `<a id="told-phone" href="${story.phone_url}?lang=${lang}" target="phone">${told.dataset.openPhone}</a>`);
        window.open(caseUrl, "case");
      } catch (error) {
        say(`<span class="bad">${error.message}</span>`);
      }
    };
  });
  panel.querySelectorAll("[data-advance]").forEach((button) => {
    button.onclick = async () => {
      await post("/api/clock/advance", { days: Number(button.dataset.advance) });
      await refresh();
    };
  });
  panel.querySelectorAll("[data-scenario]").forEach((button) => {
    button.onclick = async () => {
      await post(`/api/demo/scenario/${button.dataset.scenario}`);
      await refresh();
    };
  });
  document.querySelectorAll("[data-retry]").forEach((button) => {
    button.onclick = async () => {
      const token = await controlRoomToken();
      await fetch(`/api/dead-letters/${button.dataset.retry}/retry`, {
        method: "POST", headers: { Authorization: `Bearer ${token}` },
      });
      await refresh();
    };
  });
}

wirePanel();
listen();
