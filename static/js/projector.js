/*
 * The big screen (storbild) in real time: the spotlight, the top questions, the running
 * poll's results and how many are connected, without reloading. Without JavaScript the
 * page reloads itself every 15 seconds (a <noscript> refresh), so it works either way.
 * Everything people wrote is put in with textContent. Plain ES2017, no framework.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-live-projector]");
  if (!root || !window.LiveSocket || !window.io || !window.PollResults) { return; }

  var labels = JSON.parse(root.getAttribute("data-labels") || "{}");
  var TOP = 5;
  var questions = {};  // id -> {id, text, votes}: visible unanswered questions
  var spotlightId = null;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

  // What the server rendered is the starting point.
  Array.prototype.forEach.call(document.querySelectorAll("#top-questions li"), function (li) {
    var id = Number(li.getAttribute("data-id"));
    questions[id] = {id: id, text: li.querySelector(".q-text").textContent,
      votes: Number(li.querySelector(".q-votes").textContent) || 0};
  });
  var spotlightQuote = document.querySelector("#spotlight blockquote");
  if (spotlightQuote) { spotlightId = Number(spotlightQuote.getAttribute("data-id")); }

  function renderQuestions() {
    var list = document.getElementById("top-questions");
    var top = Object.keys(questions).map(function (id) { return questions[id]; })
      .sort(function (a, b) { return b.votes - a.votes || a.id - b.id; }).slice(0, TOP);
    clear(list);
    top.forEach(function (q) {
      var li = el("li");
      li.setAttribute("data-id", q.id);
      li.appendChild(el("span", "q-votes", q.votes));
      li.appendChild(document.createTextNode(" "));
      li.appendChild(el("span", "q-text", q.text));
      list.appendChild(li);
    });
    document.getElementById("no-questions").hidden = top.length > 0;
  }

  function who(author) {
    var role = author.role || "resident";
    var parts = [author.name || ""];
    if (role === "politician") { parts.push(author.party || "", author.organisation || ""); }
    if (role === "official") { parts.push(author.title || "", author.organisation || ""); }
    return [labels[role] || labels.official, parts.filter(function (p) { return p; }).join(", ")];
  }

  function renderSpotlight(message) {
    var section = document.getElementById("spotlight");
    var old = section.querySelector("blockquote");
    if (old) { old.remove(); }
    spotlightId = message ? message.id : null;
    if (!message) { return; }
    var quote = el("blockquote");
    quote.setAttribute("data-id", message.id);
    quote.appendChild(el("p", "spotlight-text", message.text));
    var footer = el("footer");
    var speaker = who(message.author || {});
    footer.appendChild(el("strong", "", speaker[0]));
    if (speaker[1]) { footer.appendChild(document.createTextNode(" " + speaker[1])); }
    quote.appendChild(footer);
    section.appendChild(quote);
  }

  function message(evt) {
    if (evt.op === "remove") {
      delete questions[evt.message_id];
      if (spotlightId === evt.message_id) { renderSpotlight(null); }
      renderQuestions();
      return;
    }
    var m = evt.message;
    if (m.kind === "question" && !m.answered) {
      questions[m.id] = {id: m.id, text: m.text, votes: m.votes || 0};
    } else {
      delete questions[m.id];
    }
    renderQuestions();
    if (m.spotlight) { renderSpotlight(m); }
    else if (spotlightId === m.id) { renderSpotlight(null); }
  }

  function poll(evt) {
    var p = evt.poll;
    var section = document.getElementById("projector-poll");
    var body = document.getElementById("projector-poll-body");
    clear(body);
    body.appendChild(el("h3", "", p.question));
    window.PollResults.fill(body, p, labels.answers);
    section.hidden = false;
  }

  window.LiveSocket.fromElement(root, {
    onEvent: function (evt) {
      if (evt.type === "message") { message(evt); }
      else if (evt.type === "poll") { poll(evt); }
    },
    onPresence: function (p) {
      document.getElementById("presence").textContent = (labels.presence || "")
        .split("{room}").join(String(p.room)).split("{remote}").join(String(p.remote));
    },
    onReset: function () { location.reload(); },
    onStatus: function (value) {
      // Refused (e.g. logged out): fall back to reloading, as without JavaScript.
      if (value === "refused") { window.setTimeout(function () { location.reload(); }, 15000); }
    }
  });
})();
