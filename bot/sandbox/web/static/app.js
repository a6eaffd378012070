// kefu sandbox: draws the snapshots the server streams and posts what people do.
// Every action is done by a driven person in the Telegram double; kefu answers over HTTP.
"use strict";

const SAMPLES = ["receipt", "bank-app", "order-page", "error-screen"];
const STICKERS = ["👍", "😊", "🙏", "😡"];
const panes = {};  // user | desk | admin: {chat, composer, replyTo, editing}
let state = null;
let userId = null, agentId = null, topicId = null;  // who and where the page plays

const $ = (sel, root = document) => root.querySelector(sel);
const el = (tag, props = {}, ...kids) => {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...kids.filter((k) => k !== null && k !== undefined));
  return node;
};

async function act(body) {
  const answer = await fetch("/api/act", {
    method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body),
  }).then((r) => r.json());
  if (!answer.ok) toast(`Not sent: ${answer.error}`);
  else if (answer.toast) toast(answer.toast, answer.alert);
  return answer;
}

function toast(text, alert = false) {
  const box = $("#toast");
  box.textContent = text;
  box.className = alert ? "alert" : "";
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { box.hidden = true; }, alert ? 5000 : 2500);
}

// Who acts in a pane, and in which topic (only the desk has topics).
const who = (pane) => pane === "user" ? `user:${userId}` : pane === "desk" ? `agent:${agentId}` : "admin";
const where = (pane) => pane === "desk" && topicId ? {thread: topicId} : {};

function chatOf(pane) {
  if (!state) return [];
  if (pane === "user") return (state.users.find((u) => u.id === userId) || {chat: []}).chat;
  if (pane === "admin") return state.admin.chat;
  return state.desk.messages.filter((m) => (m.thread || null) === topicId);
}

function ownId(pane) {
  return pane === "user" ? userId : pane === "desk" ? agentId : state.admin.id;
}

// A message's Telegram HTML (escaped by the server, tags from its entities). Its links are
// what someone sent: only web links stay links, and they open in a tab of their own.
function textNode(html) {
  const text = el("div", {className: "text", innerHTML: html});
  for (const a of text.querySelectorAll("a")) {
    if (/^https?:$/.test(a.protocol)) Object.assign(a, {target: "_blank", rel: "noopener noreferrer"});
    else a.removeAttribute("href");
  }
  return text;
}

function messageNode(pane, m) {
  const mine = m.sender === ownId(pane);
  const bubble = el("div", {className: `msg ${m.bot ? "bot" : mine ? "mine" : "other"}`});
  bubble.dataset.id = m.id;
  if (!m.bot && !mine) bubble.append(el("div", {className: "from", textContent: m.from}));
  if (m.reply) bubble.append(el("div", {className: "quote"}, el("b", {textContent: m.reply.from}), el("span", {textContent: m.reply.text})));
  if (m.kind === "sticker") bubble.append(el("div", {className: "sticker", textContent: m.emoji || "🖼"}));
  else if (m.kind === "photo") bubble.append(el("img", {src: m.file, alt: "photo", className: "photo"}));
  else if (m.file) bubble.append(el("div", {className: "file", textContent: `📄 ${m.kind}`}));
  if (m.html) bubble.append(textNode(m.html));
  const meta = el("div", {className: "meta"}, m.edited ? "edited" : "");
  meta.append(el("button", {type: "button", className: "link", textContent: "reply", onclick: () => startReply(pane, m)}));
  if (mine && m.kind === "text") meta.append(el("button", {type: "button", className: "link", textContent: "edit", onclick: () => startEdit(pane, m)}));
  bubble.append(meta);
  const row = el("div", {className: `row ${mine ? "right" : "left"}${m.album ? " in-album" : ""}`}, bubble);
  if (m.buttons.length) {
    const keys = el("div", {className: "inline-keys"});
    for (const line of m.buttons) {
      keys.append(el("div", {className: "key-row"}, ...line.map((b) => el("button", {
        type: "button", className: "ib", textContent: b.text, title: b.url || "",
        onclick: () => b.data ? act({action: "press", who: who(pane), message: m.id, data: b.data})
          : toast(`A link: ${b.url}`),
      }))));
    }
    bubble.append(keys);
  }
  return row;
}

function drawChat(pane) {
  const box = panes[pane].chat;
  const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
  const messages = chatOf(pane);
  box.replaceChildren(...messages.map((m) => messageNode(pane, m)));
  if (atBottom || panes[pane].count !== messages.length) box.scrollTop = box.scrollHeight;
  panes[pane].count = messages.length;
  drawKeyboard(pane, messages);
}

// The reply keyboard a client shows: the newest bot message's, until one removes it.
function drawKeyboard(pane, messages) {
  const pad = $(".keyboard", panes[pane].composer);
  let rows = [];
  for (const m of messages) {
    if (m.bot && m.keyboard.length) rows = m.keyboard;
    else if (m.bot && m.removeKeyboard) rows = [];
  }
  pad.replaceChildren(...rows.map((line) => el("div", {className: "key-row"}, ...line.map((text) =>
    el("button", {type: "button", className: "rk", textContent: text, onclick: () => send(pane, text)})))));
}

function startReply(pane, m) {
  const p = panes[pane];
  p.replyTo = m.id; p.editing = null;
  const bar = $(".replying", p.composer);
  $("span", bar).textContent = `Replying to ${m.from}: ${m.html.replace(/<[^>]+>/g, "").slice(0, 50)}`;
  bar.hidden = false;
  $("input", p.composer).focus();
}

function startEdit(pane, m) {
  const p = panes[pane];
  p.editing = m.id; p.replyTo = null;
  const bar = $(".replying", p.composer);
  $("span", bar).textContent = "Editing your message";
  bar.hidden = false;
  const input = $("input", p.composer);
  input.value = m.html.replace(/<[^>]+>/g, "");
  input.focus();
}

function clearReply(pane) {
  const p = panes[pane];
  p.replyTo = null; p.editing = null;
  $(".replying", p.composer).hidden = true;
}

async function send(pane, text) {
  const p = panes[pane];
  if (p.editing) await act({action: "edit", who: who(pane), message: p.editing, text});
  else await act({action: "text", who: who(pane), text, replyTo: p.replyTo, ...where(pane)});
  clearReply(pane);
}

function commandsOf(pane) {
  if (pane === "user") return (state.users.find((u) => u.id === userId) || {commands: []}).commands;
  return pane === "admin" ? state.admin.commands : state.desk.commands;
}

function setUpComposer(pane) {
  const p = panes[pane];
  const c = p.composer;
  const input = $("input", c);
  $("form.send", c).addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    await send(pane, text);
  });
  $(".cancel", c).onclick = () => clearReply(pane);
  // Agents' notes are kefu's /note in the topic: kept on the ticket, never relayed.
  const note = $(".note-button", c);
  note.hidden = pane !== "desk";
  note.onclick = async () => {
    const text = input.value.trim();
    if (!text) { toast("Write the note first"); return; }
    input.value = "";
    await act({action: "text", who: who(pane), text: `/note ${text}`, ...where(pane)});
  };
  $(".menu-button", c).onclick = () => {
    const menu = $(".menu", c);
    menu.replaceChildren(...commandsOf(pane).map((cmd) => el("button", {
      type: "button", className: "cmd", onclick: () => { menu.hidden = true; send(pane, `/${cmd.command}`); },
    }, el("b", {textContent: `/${cmd.command}`}), el("span", {textContent: cmd.description}))));
    if (!menu.children.length) menu.append(el("div", {className: "muted", textContent: "kefu has set no commands here"}));
    menu.hidden = !menu.hidden;
  };
  const attach = $(".attach", c);
  const media = (body) => { attach.hidden = true; act({who: who(pane), ...where(pane), ...body}); };
  attach.append(
    ...SAMPLES.map((s) => el("button", {type: "button", className: "sample", title: `photo: ${s}`, onclick: () => media({action: "photo", sample: s, caption: input.value.trim() || null})},
      el("img", {src: `/static/samples/${s}.png`, alt: s}))),
    el("button", {type: "button", textContent: "🖼 album of 3", onclick: () => media({action: "album", samples: SAMPLES.slice(0, 3)})}),
    ...STICKERS.map((e) => el("button", {type: "button", className: "sticker-pick", textContent: e, title: "sticker", onclick: () => media({action: "sticker", emoji: e})})),
  );
  $(".attach-button", c).onclick = () => { attach.hidden = !attach.hidden; };
}

function drawPickers() {
  const users = $("#user-pick");
  users.replaceChildren(...state.users.map((u) => el("option", {value: u.id, textContent: `${u.name} (${u.language})`, selected: u.id === userId})));
  const agents = $("#agent-pick");
  agents.replaceChildren(...state.agents.map((a) => el("option", {value: a.id, textContent: a.name, selected: a.id === agentId})));
  const me = state.users.find((u) => u.id === userId);
  $("#user-account").textContent = me && me.account ? `owns demo account ${me.account}` : "";
  $("#admin-name").textContent = state.admin.name;
}

function drawTopics() {
  const nav = $("#topics");
  const item = (id, name, closed) => el("button", {
    type: "button", className: `topic${id === topicId ? " here" : ""}${closed ? " closed" : ""}`, textContent: name,
    onclick: () => { topicId = id; clearReply("desk"); draw(); },
  });
  nav.replaceChildren(item(null, "# General", false), ...state.desk.topics.map((t) => item(t.id, t.name, t.closed)));
  const here = state.desk.topics.find((t) => t.id === topicId);
  $("#topic-title").textContent = here ? here.name : "General";
}

function drawShop() {
  const table = $("#channels");
  table.replaceChildren(...state.shop.channels.map((ch) => el("tr", {}, el("td", {textContent: ch.channel}),
    el("td", {}, ...["ok", "degraded", "down"].map((s) => el("button", {
      type: "button", className: `state ${s}${ch.state === s ? " on" : ""}`, textContent: s,
      onclick: () => act({action: "channel", channel: ch.channel, state: s}),
    }))))));
  const form = $("#link");
  const keep = (select, options) => {
    const value = select.value;
    select.replaceChildren(...options);
    if (value) select.value = value;
  };
  keep(form.user, state.users.map((u) => el("option", {value: u.id, textContent: u.name})));
  keep(form.account, state.shop.accounts.map((a) => el("option", {value: a, textContent: a})));
}

function draw() {
  if (!state) return;
  if (!state.users.some((u) => u.id === userId)) userId = state.users.length ? state.users[0].id : null;
  if (!state.agents.some((a) => a.id === agentId)) agentId = state.agents.length ? state.agents[0].id : null;
  drawPickers(); drawTopics(); drawShop();
  for (const pane of Object.keys(panes)) drawChat(pane);
}

function connect() {
  const socket = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`);
  socket.onopen = () => { $("#status").textContent = "live"; };
  socket.onmessage = (event) => { state = JSON.parse(event.data); draw(); };
  socket.onclose = () => { $("#status").textContent = "reconnecting…"; setTimeout(connect, 1000); };
}

function formHandler(selector, handle) {
  $(selector).addEventListener("submit", async (event) => {
    event.preventDefault();
    await handle(event.target);
  });
}

for (const pane of ["user", "desk", "admin"]) {
  const chat = $(`.chat[data-pane="${pane}"]`);
  const composer = $("#composer").content.firstElementChild.cloneNode(true);
  chat.after(composer);
  panes[pane] = {chat, composer, replyTo: null, editing: null, count: 0};
  setUpComposer(pane);
}
$("#user-pick").onchange = (e) => { userId = Number(e.target.value); clearReply("user"); draw(); };
$("#agent-pick").onchange = (e) => { agentId = Number(e.target.value); draw(); };
$("#do-broadcast").onclick = () => send("admin", "/broadcast");
$("#do-maintenance").onclick = () => send("admin", "/maintenance");
formHandler("#add-user", async (f) => {
  const made = await act({action: "add_user", name: f.name.value, language: f.language.value});
  if (made.ok) { userId = made.user; f.name.value = ""; }
});
formHandler("#add-agent", async (f) => {
  const made = await act({action: "add_agent", name: f.name.value});
  if (made.ok) { agentId = made.agent; f.name.value = ""; }
});
formHandler("#link", (f) => act({action: "link", user: Number(f.user.value), account: f.account.value}));
connect();
