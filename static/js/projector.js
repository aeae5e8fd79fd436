/*
 * The big screen (storbild) in real time: the spotlight with its answers, the top
 * questions, an open poll (which takes the screen) and how many are connected, without
 * reloading. Without JavaScript the page reloads itself every 15 seconds (a <noscript>
 * refresh), so it works either way. Everything people wrote is put in with textContent.
 * Plain ES2017, no framework.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-live-projector]");
  if (!root) { return; }

  var labels = JSON.parse(root.getAttribute("data-labels") || "{}");
  var TOP = 5;
  var questions = {};  // id -> {id, text, votes}: visible unanswered questions
  var openPolls = {};  // id -> poll payload: the open polls; the newest is shown
  var spotlightId = null;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

  // -- fitting an open poll to the screen ------------------------------------------------

  var MIN_SCALE = 0.45;

  /* The poll's type shrinks (in steps, down to MIN_SCALE) until the whole poll fits the
     screen: long options or eight of them still show every count and the total. On a
     narrow screen (or zoomed in a lot) the page scrolls instead, at full size. */
  function fitPoll() {
    var section = document.getElementById("projector-poll");
    section.style.setProperty("--poll-scale", "1");
    if (section.hidden || window.matchMedia("(max-width: 700px)").matches) { return; }
    var scale = 1;
    while (scale > MIN_SCALE && overflows()) {
      scale = Math.round((scale - 0.05) * 100) / 100;
      section.style.setProperty("--poll-scale", String(scale));
    }
  }

  function overflows() {
    var doc = document.documentElement;
    var total = document.getElementById("poll-total").getBoundingClientRect();
    return doc.scrollHeight > window.innerHeight + 1 || total.bottom > window.innerHeight ||
      doc.scrollWidth > doc.clientWidth + 1;
  }

  var fitTimer = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(fitTimer);
    fitTimer = window.setTimeout(fitPoll, 100);
  });

  // -- what the server rendered is the starting point ------------------------------------

  Array.prototype.forEach.call(document.querySelectorAll("#top-questions li"), function (li) {
    var id = Number(li.getAttribute("data-id"));
    questions[id] = {id: id, text: li.querySelector(".q-text").textContent,
      votes: Number(li.querySelector(".q-votes").textContent) || 0};
  });
  var spotlightQuote = document.querySelector("#spotlight blockquote");
  if (spotlightQuote) { spotlightId = Number(spotlightQuote.getAttribute("data-id")); }
  JSON.parse(root.getAttribute("data-open-polls") || "[]").forEach(function (p) {
    openPolls[p.id] = p;
  });
  fitPoll();

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

  /* [role label, details], as live.payloads.speaker_parts writes them. */
  function who(author) {
    var role = author.role || "resident";
    var parts = [author.name || ""];
    if (role === "politician") { parts.push(author.party || "", author.organisation || ""); }
    if (role === "official") { parts.push(author.title || "", author.organisation || ""); }
    return [labels[role] || labels.official, parts.filter(function (p) { return p; }).join(", ")];
  }

  function speakerInto(node, author) {
    var speaker = who(author || {});
    node.appendChild(el("strong", "", speaker[0]));
    if (speaker[1]) { node.appendChild(document.createTextNode(" " + speaker[1])); }
  }

  /* The spotlighted post with every written answer under it, or "answered aloud". */
  function renderSpotlight(message) {
    var body = document.getElementById("spotlight-body");
    clear(body);
    spotlightId = message ? message.id : null;
    if (!message) { return; }
    var quote = el("blockquote");
    quote.setAttribute("data-id", message.id);
    quote.appendChild(el("p", "spotlight-text", message.text));
    var footer = el("footer");
    speakerInto(footer, message.author);
    quote.appendChild(footer);
    body.appendChild(quote);
    var answers = message.answers || [];
    if (answers.length) {
      var list = el("ol", "spotlight-answers");
      answers.forEach(function (answer) {
        var li = el("li", "spotlight-answer");
        li.appendChild(el("p", "spotlight-answer-text", answer.text));
        var by = el("p", "spotlight-answer-by", (labels.answer_from || "") + " ");
        speakerInto(by, answer.author);
        li.appendChild(by);
        list.appendChild(li);
      });
      body.appendChild(list);
    } else if (message.answered) {
      body.appendChild(el("p", "spotlight-answered", labels.answered_aloud));
    }
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

  function totalText(count) {
    var label = (count === 1 ? labels.total_one : labels.total_other) || "{n}";
    return label.split("{n}").join(String(count));
  }

  /* Show the newest open poll over the whole screen, or the usual layout when none is. */
  function renderPoll() {
    var ids = Object.keys(openPolls).map(Number).sort(function (a, b) { return b - a; });
    var p = ids.length ? openPolls[ids[0]] : null;
    var section = document.getElementById("projector-poll");
    var list = document.getElementById("poll-options");
    root.classList.toggle("poll-open", Boolean(p));
    section.hidden = !p;
    clear(list);
    if (!p) { return; }
    list.setAttribute("data-poll", p.id);
    document.getElementById("poll-question").textContent = p.question;
    p.options.forEach(function (option) {
      var li = el("li");
      li.setAttribute("data-option", option.id);
      li.appendChild(el("span", "big-label", option.label));
      li.appendChild(el("span", "big-count", option.count));
      var bar = el("progress", "big-bar");
      bar.max = p.total || 1;
      bar.value = option.count;
      bar.setAttribute("aria-hidden", "true");
      li.appendChild(bar);
      list.appendChild(li);
    });
    document.getElementById("poll-total").textContent = totalText(p.total);
    fitPoll();
  }

  function poll(evt) {
    if (evt.op === "close" || evt.poll.status !== "open") { delete openPolls[evt.poll.id]; }
    else { openPolls[evt.poll.id] = evt.poll; }
    renderPoll();
  }

  if (!window.LiveSocket || !window.io) { return; }
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
