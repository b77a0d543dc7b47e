// The citizen's inbox page: reads and answers through the public API with the citizen's token.
"use strict";

const UI = {
  kk: {
    acting: "Кім үшін:", me: "Өзім", child: "бала", representative: "өкілдік",
    inbox: "Хабарламалар", messages: "SMS және хаттар", access: "Деректеріме кім қарады",
    loading: "Жүктелуде…", empty: "Әзірге хабарлама жоқ.", signin: "eGov арқылы кіріңіз.",
    acceptAll: "Барлығына келісемін", accept: "Келісемін", decline: "Бас тарту",
    undo: "Бас тартуды болдырмау", askAgain: "Қайта сұрау", answerBy: "Жауап беру мерзімі:",
    undoBy: "Болдырмау мерзімі:", why: "Неге маған ұсынылды?", next: "Әрі қарай не болады?",
    history: "Тарих", conditions: "Шарттар", data: "Пайдаланылған деректер",
    amount: "Сома қалай есептелді", law: "Құқықтық негіз", lawDate: "Қолданылған заң күні:",
    bank: "Төлем үшін банк шотыңыз қажет.", save: "Сақтау", iban: "IBAN (KZ…)",
    done: "Дайын.", refNo: "Ұсыныс №", from: "көзі:", working: "жұмыс күні",
    noReads: "Деректеріңізді ешкім қараған жоқ.", viaEngine: "жүйе арқылы", confirmed: "тізілім растады",
    foot: "1414 құпия кодтарды ешқашан сұрамайды", you: "Сіз", purpose: "Мақсаты:", zone: "Уақыт: Алматы уақыты",
    settings: "Баптаулар", settingsTitle: "1414 хабарламалары",
    settingsIntro: "1414 сізге қай тілде және қайда жазатынын таңдаңыз. Бұл беттің тілі өзгермейді.",
    msgLanguage: "Хабарламалар тілі", channel: "Хабарламаларды қайда жіберу",
    sms: "1414-тен SMS", push: "eGov Mobile хабарламасы", email: "Электрондық пошта",
    emailAddress: "Электрондық пошта мекенжайы", emailHint: "Хабарламаларды электрондық поштамен алу үшін қажет.",
    notChosen: "Сіз әлі таңдаған жоқсыз: хабарламалар тұрғындар тізіліміндегі тілде, телефон болса SMS арқылы, болмаса eGov Mobile-ға келеді.",
    saved: "Сақталды.", notSaved: "Сақталмады.",
    noPhone: "Тұрғындар тізілімінде телефон нөміріңіз жоқ, сондықтан хабарламалар eGov Mobile-ға жіберіледі. Нөміріңізді ХҚКО-да тіркетіңіз.",
  },
  ru: {
    acting: "От чьего имени:", me: "Я сам(а)", child: "ребёнок", representative: "представительство",
    inbox: "Уведомления", messages: "SMS и письма", access: "Кто смотрел мои данные",
    loading: "Загрузка…", empty: "Пока уведомлений нет.", signin: "Войдите через eGov.",
    acceptAll: "Согласен со всем", accept: "Согласен", decline: "Отказаться",
    undo: "Отменить отказ", askAgain: "Запросить снова", answerBy: "Ответить до:",
    undoBy: "Отменить отказ можно до:", why: "Почему мне это предложено?", next: "Что будет дальше?",
    history: "История", conditions: "Условия", data: "Использованные данные",
    amount: "Как рассчитана сумма", law: "Правовое основание", lawDate: "Применён закон на дату:",
    bank: "Для выплаты нужен ваш банковский счёт.", save: "Сохранить", iban: "IBAN (KZ…)",
    done: "Готово.", refNo: "Предложение №", from: "источник:", working: "раб. дн.",
    noReads: "Ваши данные никто не запрашивал.", viaEngine: "через систему", confirmed: "подтверждено реестром",
    foot: "1414 никогда не просит коды и пароли", you: "Вы", purpose: "Цель:", zone: "Время: время Алматы",
    settings: "Настройки", settingsTitle: "Сообщения от 1414",
    settingsIntro: "Выберите, на каком языке и куда 1414 пишет вам. Язык этой страницы не меняется.",
    msgLanguage: "Язык сообщений", channel: "Куда присылать сообщения",
    sms: "SMS от 1414", push: "Уведомление в eGov Mobile", email: "Электронная почта",
    emailAddress: "Адрес электронной почты", emailHint: "Нужен, чтобы получать сообщения по электронной почте.",
    notChosen: "Вы ещё не выбирали: сообщения приходят на языке из регистра населения, по SMS, если указан телефон, иначе в eGov Mobile.",
    saved: "Сохранено.", notSaved: "Не сохранено.",
    noPhone: "В регистре населения нет вашего номера телефона, поэтому сообщения приходят в eGov Mobile. Номер можно добавить в ЦОН.",
  },
  en: {
    acting: "Acting for:", me: "Myself", child: "child", representative: "representation",
    inbox: "Inbox", messages: "SMS and e-mail", access: "Who viewed my data",
    loading: "Loading…", empty: "Nothing here yet.", signin: "Sign in with eGov.",
    acceptAll: "Accept all", accept: "Accept", decline: "Decline",
    undo: "Undo refusal", askAgain: "Ask again", answerBy: "Answer by:",
    undoBy: "You can undo until:", why: "Why am I offered this?", next: "What happens next?",
    history: "History", conditions: "Conditions", data: "Data used",
    amount: "How the amount was computed", law: "Legal basis", lawDate: "Law applied as of:",
    bank: "We need your bank account to pay you.", save: "Save", iban: "IBAN (KZ…)",
    done: "Done.", refNo: "Offer No. ", from: "source:", working: "working days",
    noReads: "Nobody has read your data.", viaEngine: "via the engine", confirmed: "confirmed by the registry",
    foot: "1414 never asks for codes or passwords", you: "You", purpose: "Purpose:", zone: "Times: Almaty time",
    settings: "Settings", settingsTitle: "Messages from 1414",
    settingsIntro: "Choose the language 1414 writes to you in and where. The language of this page stays as it is.",
    msgLanguage: "Language of messages", channel: "Where to send messages",
    sms: "SMS from 1414", push: "Notification in eGov Mobile", email: "E-mail",
    emailAddress: "E-mail address", emailHint: "Needed to receive messages by e-mail.",
    notChosen: "You have not chosen yet: messages come in the language on the population register, by SMS when a phone is on file, otherwise in eGov Mobile.",
    saved: "Saved.", notSaved: "Not saved.",
    noPhone: "The population register has no phone number for you, so messages go to eGov Mobile. A Public Service Centre can add your number.",
  },
};

// Each language is named in itself, whatever the language of the page.
const LANGUAGE_NAMES = { kk: "Қазақша", ru: "Русский", en: "English" };
const CHANNELS = ["sms", "push", "email"];
const SETTINGS_FIELDS = { language: "msgLanguage", channel: "channel", email: "emailAddress" };

const app = document.getElementById("app");
const state = {
  me: app ? app.dataset.iin : null,
  subject: app ? app.dataset.iin : null,
  lang: (app && app.dataset.lang) || document.documentElement.lang || "kk",
  demo: app ? app.dataset.demo === "true" : false,
  tab: "inbox",
  token: null,
  prefs: null,
  draft: null,
};

function t(key) { return UI[state.lang][key]; }

function h(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else if (name === "className") node.className = value;
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// Dates, times and amounts come written by the server (CLDR, Almaty time): one style everywhere.
function when(shown) { return shown || "—"; }

function say(text, error) {
  const status = document.getElementById("status");
  status.textContent = text || "";
  status.className = error ? "status error" : "status";
}

async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: { "Authorization": `Bearer ${state.token}`, ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    const detail = Array.isArray(data.detail) ? data.detail.map((d) => d.msg).join("; ") : data.detail;
    const error = new Error(detail || response.statusText);
    // 422 names each refused field: {"loc": ["body", "email"], "msg": "..."}
    error.problems = Array.isArray(data.detail) ? data.detail.map((d) => ({
      field: Array.isArray(d.loc) && d.loc.length > 1 ? String(d.loc[d.loc.length - 1]) : null,
      msg: d.msg,
    })) : [];
    throw error;
  }
  return data;
}

async function signIn() {
  const key = `proactive-token:${state.me}`;
  state.token = sessionStorage.getItem(key);
  if (state.token) return true;
  if (!state.demo) { say(t("signin"), true); return false; }
  const response = await fetch(`/api/demo/citizen-token/${state.me}`, { method: "POST" });
  if (!response.ok) { say(t("signin"), true); return false; }
  state.token = (await response.json()).token;
  sessionStorage.setItem(key, state.token);
  return true;
}

async function act(path, body) {
  say(t("loading"));
  try {
    await api("POST", `${path}?channel=web&lang=${state.lang}`, body);
    say(t("done"));
  } catch (error) {
    say(error.message, true);
  }
  await showInbox();
}

function explanation(item) {
  const why = item.why;
  const next = item.next;
  const parts = [];
  if (why) {
    parts.push(h("details", { className: "why" },
      h("summary", {}, t("why")),
      h("div", {},
        h("p", {}, why.summary),
        (why.projected || []).map((note) => h("p", { className: "projected" }, note)),
        h("h4", {}, t("conditions")),
        h("ul", {}, why.conditions.map((c) => h("li", { className: c.holds ? "ok" : "no" }, (c.holds ? "✓ " : "✗ ") + c.text))),
        why.data.length ? [h("h4", {}, t("data")), h("ul", {}, why.data.map((d) =>
          h("li", {}, `${d.label}: `, h("b", {}, d.value), " ",
            h("span", { className: "source" }, `(${t("from")} ${d.registry_name || "—"})`))))] : null,
        why.amount ? [h("h4", {}, t("amount")), h("ul", {},
          why.amount.steps.map((s) => h("li", {}, s.description ? `${s.description}: ` : "",
            h("b", {}, s.formula || s.value))),
          why.amount.parameters.map((p) => h("li", { className: "source" }, p.text)),
          (why.amount.modifiers || []).map((line) => h("li", { className: "modifier" }, line)))] : null,
        h("h4", {}, t("law")),
        h("ul", {}, why.legal_basis.map((ref) => h("li", {},
          ref.url ? h("a", { href: ref.url, target: "_blank", rel: "noopener" }, ref.title) : ref.title))),
        why.law_date_shown ? h("p", { className: "source" }, `${t("lawDate")} ${why.law_date_shown}`) : null)));
  }
  if (next) {
    parts.push(h("details", { className: "next" },
      h("summary", {}, t("next")),
      h("div", {},
        h("ul", {}, next.lines.map((line) => h("li", {}, line))),
        next.steps.length ? h("ol", {}, next.steps.map((s) => h("li", {}, `${s.action} — ${s.agency_name}`,
          s.working_days !== null ? ` (${s.working_days} ${t("working")})` : ""))) : null)));
  }
  if (item.timeline && item.timeline.length) {
    parts.push(h("details", { className: "history" },
      h("summary", {}, t("history")),
      h("div", {}, h("ul", { className: "timeline" }, item.timeline.map((e) =>
        h("li", {}, [when(e.at_shown), e.action_name, e.channel !== "system" ? e.channel_name : null,
          e.note_shown].filter(Boolean).join(" · ")))))));
  }
  return parts;
}

function bankForm(item) {
  const input = h("input", { name: "iban", placeholder: t("iban"), "aria-label": t("iban"), autocomplete: "off" });
  return h("div", { className: "missing" }, t("bank"),
    h("form", { onsubmit: (event) => {
      event.preventDefault();
      act(`/api/citizens/${item.citizen || state.subject}/bank-account`, { iban: input.value });
    } }, input, h("button", { type: "submit", className: "secondary" }, t("save"))));
}

function itemCard(item) {
  const buttons = [];
  if (item.actions.includes("accept")) buttons.push(h("button", { type: "button", className: "primary", "data-action": "accept", onclick: () => act(`/api/inbox/${item.id}/accept`) }, t("accept")));
  if (item.actions.includes("decline")) buttons.push(h("button", { type: "button", className: "secondary", "data-action": "decline", onclick: () => act(`/api/inbox/${item.id}/decline`) }, t("decline")));
  if (item.actions.includes("undo_decline")) buttons.push(h("button", { type: "button", className: "secondary", "data-action": "undo", onclick: () => act(`/api/inbox/${item.id}/undo-decline`) }, t("undo")));
  if (item.actions.includes("ask_again")) buttons.push(h("button", { type: "button", className: "secondary", "data-action": "ask-again", onclick: () => act(`/api/inbox/${item.id}/ask-again`) }, t("askAgain")));
  return h("article", { className: "item", "data-item": item.id, "data-status": item.status },
    h("h3", {}, item.title, h("span", { className: `badge ${item.status}` }, item.status_name)),
    item.amount_shown ? h("div", { className: "amount" }, item.amount_shown) : null,
    h("p", { className: "body" }, item.body),
    item.status === "declined" && item.undo_until ? h("p", { className: "source" }, `${t("undoBy")} ${when(item.undo_until_shown)}`) : null,
    item.actions.includes("give_bank_account") ? bankForm(item) : null,
    buttons.length ? h("div", { className: "actions" }, buttons) : null,
    explanation(item));
}

async function showInbox() {
  const panel = document.getElementById("inbox");
  let body;
  try {
    body = await api("GET", `/api/citizens/${state.subject}/inbox?lang=${state.lang}`);
  } catch (error) { say(error.message, true); return; }
  const items = new Map(body.items.map((i) => [i.id, i]));
  const cards = body.bundles.map((offer) => {
    const open = offer.open_item_ids.length;
    return h("section", { className: "card offer", "data-offer": offer.id },
      h("h2", {}, offer.title),
      h("div", { className: "meta" }, `${t("refNo")}${offer.reference} · ${when(offer.created_at_shown)} `,
        offer.expires_at ? h("span", { className: "deadline" }, `${t("answerBy")} ${when(offer.expires_at_shown)}`) : null),
      open > 1 ? h("div", { className: "actions" }, h("button", { type: "button", className: "primary", "data-action": "accept-all",
        onclick: () => act(`/api/inbox/offers/${offer.id}/accept`) }, t("acceptAll"))) : null,
      offer.item_ids.map((id) => items.get(id)).filter(Boolean).map(itemCard));
  });
  panel.replaceChildren(...(cards.length ? cards : [h("p", { className: "empty" }, t("empty"))]));
}

async function showMessages() {
  const panel = document.getElementById("messages");
  try {
    const body = await api("GET", `/api/citizens/${state.subject}/messages?lang=${state.lang}`);
    // A conversation reads from the oldest message down: the citizen's replies sit between 1414's.
    const rows = body.items.filter((m) => m.body).reverse().map((m) => h("li", { className: `msg-${m.direction}`, "data-direction": m.direction },
      h("div", { className: "when" }, [when(m.at_shown), m.direction === "in" ? t("you") : "1414", m.channel_name,
        m.direction === "out" ? m.status_name : null].filter(Boolean).join(" · ")),
      h("div", { className: "msg" }, m.body)));
    panel.replaceChildren(rows.length ? h("ul", { className: "list" }, rows) : h("p", { className: "empty" }, t("empty")));
  } catch (error) { say(error.message, true); }
}

async function showAccess() {
  const panel = document.getElementById("access");
  try {
    const body = await api("GET", `/api/citizens/${state.subject}/access-log?lang=${state.lang}`);
    const rows = body.items.map((r) => h("li", { "data-registry": r.registry },
      h("div", { className: "when" }, when(r.at_shown)),
      h("div", {}, h("b", {}, r.agency_name), " → ", r.registry_name),
      h("div", { className: "source" }, `${t("purpose")} ${r.purpose}`,
        r.via_engine ? ` · ${t("viaEngine")}` : "", r.confirmed_by_registry ? ` · ${t("confirmed")}` : "")));
    panel.replaceChildren(rows.length ? h("ul", { className: "list" }, rows) : h("p", { className: "empty" }, t("noReads")));
  } catch (error) { say(error.message, true); }
}

function readSettings(form) {
  const data = new FormData(form);
  return { language: data.get("language"), channel: data.get("channel"), email: String(data.get("email") || "").trim() };
}

function fillSettings(form, values) {
  for (const input of form.querySelectorAll("input[type=radio]")) input.checked = values[input.name] === input.value;
  form.elements.email.value = values.email || "";
}

function settingsNotice(form, kind, text, problems) {
  const ok = form.querySelector("#settings-saved");
  const error = form.querySelector("#settings-error");
  ok.textContent = kind === "ok" ? text : "";
  error.textContent = kind === "error" ? text : "";
  for (const node of form.querySelectorAll("[aria-invalid]")) node.removeAttribute("aria-invalid");
  for (const problem of problems || []) {
    const field = form.querySelector(`[data-field="${problem.field}"]`);
    if (field) field.setAttribute("aria-invalid", "true");
  }
  const first = (problems || []).map((p) => form.querySelector(`[data-field="${p.field}"]`)).find(Boolean);
  if (first && first.tagName === "INPUT") first.focus();
}

function savedText(prefs) {
  const parts = [t("saved")];
  if (prefs.language) parts.push(`${t("msgLanguage")}: ${LANGUAGE_NAMES[prefs.language] || prefs.language}.`);
  if (prefs.channel) parts.push(`${t("channel")}: ${t(prefs.channel) || prefs.channel}.`);
  return parts.join(" ");
}

function problemText(error) {
  const problems = error.problems && error.problems.length ? error.problems : [{ field: null, msg: error.message }];
  return [t("notSaved"), ...problems.map((p) => (SETTINGS_FIELDS[p.field] ? `${t(SETTINGS_FIELDS[p.field])}: ${p.msg}` : p.msg))].join(" ");
}

async function saveSettings(form) {
  if (form.dataset.busy === "true") return;
  const choice = readSettings(form);
  const body = {};
  if (choice.language) body.language = choice.language;
  if (choice.channel) body.channel = choice.channel;
  if (choice.email) body.email = choice.email;
  form.dataset.busy = "true";
  form.setAttribute("aria-busy", "true");
  settingsNotice(form, null, "");
  try {
    state.prefs = await api("PUT", `/api/citizens/${state.me}/preferences`, body);
    state.draft = null;
    fillSettings(form, state.prefs);
    form.querySelector(".not-chosen").hidden = true;
    form.querySelector(".no-phone").hidden = !smsWithoutPhone(state.prefs);
    settingsNotice(form, "ok", savedText(state.prefs));
  } catch (error) {
    // The form keeps what the citizen chose; only the message changes.
    state.draft = choice;
    settingsNotice(form, "error", problemText(error), error.problems);
  } finally {
    form.dataset.busy = "false";
    form.removeAttribute("aria-busy");
  }
}

// SMS chosen (or the default) but no phone on file: the messages go to eGov Mobile instead.
function smsWithoutPhone(prefs) {
  return prefs.phone_on_file === false && prefs.channel !== "email" && prefs.channel !== "push";
}

function settingsForm() {
  const stored = state.prefs || {};
  const value = state.draft || stored;
  const choice = (name, code, text, lang) => h("label", { className: "choice", lang },
    h("input", { type: "radio", name, value: code, checked: value[name] === code }), text);
  const form = h("form", { id: "settings-form", className: "card settings", novalidate: true, "aria-labelledby": "settings-title",
    onsubmit: (event) => { event.preventDefault(); saveSettings(form); } },
    h("h2", { id: "settings-title" }, t("settingsTitle")),
    h("p", { className: "hint" }, t("settingsIntro")),
    h("p", { className: "hint not-chosen", hidden: Boolean(stored.language || stored.channel) }, t("notChosen")),
    h("p", { className: "notice no-phone", role: "note", hidden: !smsWithoutPhone(stored) }, t("noPhone")),
    h("fieldset", { "data-field": "language", "aria-describedby": "settings-error" },
      h("legend", {}, t("msgLanguage")),
      Object.entries(LANGUAGE_NAMES).map(([code, name]) => choice("language", code, name, code))),
    h("fieldset", { "data-field": "channel", "aria-describedby": "settings-error" },
      h("legend", {}, t("channel")),
      CHANNELS.map((code) => choice("channel", code, t(code)))),
    h("div", { className: "field" },
      h("label", { for: "pref-email" }, t("emailAddress")),
      h("input", { type: "email", id: "pref-email", name: "email", "data-field": "email", inputmode: "email",
        autocomplete: "email", maxlength: "254", value: value.email || "", "aria-describedby": "pref-email-hint settings-error" }),
      h("span", { id: "pref-email-hint", className: "hint" }, t("emailHint"))),
    h("p", { id: "settings-error", className: "notice error", role: "alert" }),
    h("div", { className: "actions" }, h("button", { type: "submit", className: "primary" }, t("save"))),
    h("p", { id: "settings-saved", className: "notice ok", role: "status", "aria-live": "polite" }));
  const keep = () => { state.draft = readSettings(form); };
  form.addEventListener("input", keep);
  form.addEventListener("change", keep);
  return form;
}

async function showSettings() {
  const panel = document.getElementById("settings");
  try {
    // Settings are always the signed-in citizen's own: messages about a child go to the parent.
    state.prefs = await api("GET", `/api/citizens/${state.me}/preferences`);
  } catch (error) { say(error.message, true); return; }
  panel.replaceChildren(settingsForm());
}

async function showActingFor() {
  const select = document.getElementById("acting-for");
  try {
    const body = await api("GET", `/api/citizens/${state.me}/representations`);
    const options = [h("option", { value: state.me }, `${t("me")} (${state.me.slice(0, 6)}••••••)`)];
    for (const r of body.represents) {
      options.push(h("option", { value: r.iin }, `${r.iin.slice(0, 6)}•••••• (${r.kind === "parent" ? t("child") : t("representative")})`));
    }
    select.replaceChildren(...options);
    select.value = state.subject;
  } catch (error) { /* reading one's relations is optional for the page */ }
}

function labels() {
  document.documentElement.lang = state.lang;
  document.getElementById("acting-label").textContent = t("acting");
  document.getElementById("tab-inbox").textContent = t("inbox");
  document.getElementById("tab-messages").textContent = t("messages");
  document.getElementById("tab-access").textContent = t("access");
  document.getElementById("tab-settings").textContent = t("settings");
  document.getElementById("foot-note").textContent = `${t("foot")} · ${t("zone")}`;
  for (const button of document.querySelectorAll(".lang")) {
    const on = button.dataset.lang === state.lang;
    button.classList.toggle("on", on);
    button.setAttribute("aria-pressed", on ? "true" : "false");
  }
}

async function show() {
  labels();
  for (const tab of document.querySelectorAll(".tab")) {
    tab.classList.toggle("on", tab.dataset.tab === state.tab);
    tab.setAttribute("aria-selected", tab.dataset.tab === state.tab ? "true" : "false");
  }
  for (const panel of document.querySelectorAll(".panel")) panel.hidden = panel.id !== state.tab;
  document.querySelector(".who").hidden = state.tab === "settings";
  if (state.tab === "inbox") await showInbox();
  if (state.tab === "messages") await showMessages();
  if (state.tab === "access") await showAccess();
  if (state.tab === "settings") await showSettings();
}

async function start() {
  if (!app) {
    const form = document.getElementById("open-inbox");
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      window.location = `/citizen/${form.iin.value.trim()}?lang=${state.lang}`;
    });
    return;
  }
  for (const button of document.querySelectorAll(".lang")) {
    button.addEventListener("click", async () => {
      state.lang = button.dataset.lang;
      const url = new URL(window.location);
      url.searchParams.set("lang", state.lang);
      history.replaceState(null, "", url);
      say("");
      await showActingFor();
      await show();
    });
  }
  for (const tab of document.querySelectorAll(".tab")) {
    tab.addEventListener("click", () => { state.tab = tab.dataset.tab; show(); });
  }
  document.getElementById("acting-for").addEventListener("change", (event) => {
    state.subject = event.target.value;
    show();
  });
  labels();
  if (!(await signIn())) return;
  await showActingFor();
  await show();
  say("");
}

start();
