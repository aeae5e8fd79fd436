/*
 * The meeting page in real time, on top of the plain page (which works without this).
 *
 * Incoming posts, answers, removals, polls and presence arrive through LiveSocket
 * (static/js/live-socket.js). Posts are built from the <template> of the page and filled
 * with textContent only: nothing a person wrote is ever parsed as HTML. Writing, upvoting,
 * answering and poll answers go through the socket while it is connected; otherwise the
 * forms are sent as usual. Focus never moves by itself, and new posts are announced as a
 * short count in a polite live region, at most every few seconds.
 * Plain ES2017 for old phones: no modules, no framework, no build step.
 */
(function () {
  "use strict";

  if (!window.LiveSocket || !window.io || !window.PollResults) { return; }

  /* The moderation page: say that something changed (held posts, polls …), with a link
     that shows the latest; it does not reload by itself, so nothing typed is lost. */
  var moderation = document.querySelector("[data-live-moderation]");
  if (moderation) {
    var note = document.getElementById("moderation-news");
    window.LiveSocket.connect({
      meetingId: moderation.getAttribute("data-live-moderation"), view: "page", where: "remote",
      after: {public: Number(moderation.getAttribute("data-last-public")) || 0,
        staff: Number(moderation.getAttribute("data-last-staff")) || 0},
      onEvent: function (evt) {
        if (evt.stream === "staff" || evt.type === "poll") { note.hidden = false; }
      },
      onReset: function () { note.hidden = false; }
    });
    return;
  }

  var root = document.querySelector("[data-live-meeting]");
  if (!root) { return; }

  var meetingId = Number(root.getAttribute("data-live-meeting"));
  var labels = JSON.parse(root.getAttribute("data-labels") || "{}");
  var list = document.getElementById("post-list");
  var announcer = document.getElementById("live-announcer");
  var statusLine = document.getElementById("live-status");
  var state = "connecting";
  var unannounced = 0;
  var announceTimer = null;

  function $(selector, scope) { return (scope || document).querySelector(selector); }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function label(key, values) {
    var text = labels[key] || key;
    Object.keys(values || {}).forEach(function (name) {
      text = text.split("{" + name + "}").join(String(values[name]));
    });
    return text;
  }

  /* "Politiker" and "Karin Fjällström, C, Region Västernorrland" (as live.payloads does). */
  function who(author) {
    var role = author.role || "resident";
    var parts = [author.name || ""];
    if (role === "politician") { parts.push(author.party || "", author.organisation || ""); }
    if (role === "official") { parts.push(author.title || "", author.organisation || ""); }
    var fragment = document.createDocumentFragment();
    fragment.appendChild(el("strong", "role role-" + role, labels[role] || labels.official));
    var details = parts.filter(function (part) { return part; }).join(", ");
    if (details) {
      fragment.appendChild(document.createTextNode(" "));
      fragment.appendChild(el("span", "who", details));
    }
    return fragment;
  }

  /* The time of a post as the server writes it (core.i18n.clock): the page's language,
     the app's time zone, no seconds — "18:30", "18.30", "6:30 PM". */
  var clock = null;
  try {
    clock = new Intl.DateTimeFormat(document.documentElement.lang || undefined,
      {hour: "numeric", minute: "2-digit", timeZone: root.getAttribute("data-time-zone") || undefined});
  } catch (error) { clock = null; }  // an old phone without the zone: its own local time

  function timeOf(iso) {
    var date = new Date(iso);
    if (isNaN(date.getTime())) { return ""; }
    if (clock) { return clock.format(date); }
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return pad(date.getHours()) + ":" + pad(date.getMinutes());
  }

  /* A post element for a message payload, from the page's template (forms included). */
  function buildPost(message) {
    var template = document.getElementById(message.kind === "question" ? "question-template" : "post-template");
    var li = template.content.firstElementChild.cloneNode(true);
    li.id = "post-" + message.id;
    li.setAttribute("data-id", message.id);
    Array.prototype.forEach.call(li.querySelectorAll("form"), function (form) {
      form.setAttribute("action", form.getAttribute("action").replace("/messages/0/", "/messages/" + message.id + "/"));
    });
    Array.prototype.forEach.call(li.querySelectorAll("a[href*='/messages/0/']"), function (link) {
      link.setAttribute("href", link.getAttribute("href").replace("/messages/0/", "/messages/" + message.id + "/"));
    });
    if ((message.author || {}).role !== "resident") {
      var mute = $("a[href$='/mute']", li);
      if (mute) { mute.remove(); }  // only residents can be muted
    }
    var textarea = $("textarea", li);
    if (textarea) {
      textarea.id = "answer-" + message.id;
      $("label[for='answer-0']", li).setAttribute("for", textarea.id);
    }
    fillPost(li, message);
    return li;
  }

  /* Put a payload's content into a post element (the parts, not the forms). */
  function fillPost(li, message) {
    li.classList.toggle("pinned", !!message.pinned);
    var meta = $(".post-meta", li);
    while (meta.firstChild) { meta.removeChild(meta.firstChild); }
    meta.appendChild(who(message.author || {}));
    var time = el("time", "", timeOf(message.created_at));
    time.setAttribute("datetime", message.created_at || "");
    meta.appendChild(document.createTextNode(" "));
    meta.appendChild(time);
    var badges = el("span", "badges");
    [["question", message.kind === "question", ""], ["pinned", message.pinned, " tag-pinned"],
      ["spotlight", message.spotlight, " tag-spotlight"], ["answered", message.answered, " tag-answered"]]
      .forEach(function (badge) {
        if (badge[1]) {
          badges.appendChild(document.createTextNode(" "));
          badges.appendChild(el("span", "tag" + badge[2], labels[badge[0]]));
        }
      });
    meta.appendChild(badges);
    var directed = $(".post-directed", li);
    if (directed) {
      directed.textContent = (labels.question_to || "") + " " + (message.directed_to || "");
      directed.hidden = !message.directed_to;
    }
    $(".post-text", li).textContent = message.text;
    var answers = $(".post-answers", li);
    if (answers) { fillAnswers(answers, message.answers || []); }
    var count = $(".post-votes .count", li);
    if (count) { count.textContent = String(message.votes || 0); }
    var markForm = $(".mark-answered-form", li);
    if (markForm && message.answered && !markForm.contains(document.activeElement)) {
      markForm.hidden = true;  // written answers can still be added below
    }
  }

  /* Every written answer, oldest first, each with who gave it (as _post.html's answers). */
  function fillAnswers(answers, given) {
    while (answers.firstChild) { answers.removeChild(answers.firstChild); }
    given.forEach(function (answer) {
      var item = el("li", "post-answer");
      var meta = el("p", "post-meta", (labels.answer_from || "") + " ");
      meta.appendChild(who(answer.author || {}));
      item.appendChild(meta);
      item.appendChild(el("p", "post-text", answer.text));
      answers.appendChild(item);
    });
    answers.hidden = !given.length;
  }

  function announce() {
    unannounced += 1;
    if (announceTimer) { return; }
    announceTimer = window.setTimeout(function () {
      announcer.textContent = label("new_posts", {count: unannounced});
      unannounced = 0;
      announceTimer = null;
    }, 4000);
  }

  /* -- the newest post in view -------------------------------------------------------- */

  function newestPost() {
    var posts = list.querySelectorAll(".post");
    return posts.length ? posts[posts.length - 1] : null;
  }

  function inView(node) {
    var box = node.getBoundingClientRect();
    return box.bottom > 0 && box.top < window.innerHeight;
  }

  /* The page opens at the newest post (the end of the conversation), unless the address
     asks for a place of its own (a post, the form). */
  function showNewest() {
    var newest = newestPost();
    if (!newest || (location.hash && location.hash !== "#newest")) { return; }
    var box = newest.getBoundingClientRect();
    if (box.top >= 0 && box.bottom <= window.innerHeight) { return; }
    newest.scrollIntoView({block: box.height > window.innerHeight ? "start" : "end"});
  }

  /* A new post goes at the end of the conversation; whoever was reading the newest post
     sees it arrive, whoever scrolled away to read older ones stays where they are. */
  function insertPost(li) {
    var newest = newestPost();
    var following = !newest || inView(newest);
    list.appendChild(li);
    $("#no-posts").hidden = true;
    if (following) { li.scrollIntoView({block: "nearest"}); }
  }

  function showMessage(message, isNew) {
    var existing = document.getElementById("post-" + message.id);
    if (existing) {
      if (existing.contains(document.activeElement)) {
        fillPost(existing, message);  // keep what the person is typing or pressing
      } else {
        var fresh = buildPost(message);
        var upvoted = !$(".upvote-form", existing) && $(".voted", existing);
        if (upvoted && $(".upvote-form", fresh)) { $(".upvote-form", fresh).replaceWith(upvoted.cloneNode(true)); }
        existing.replaceWith(fresh);
        existing = fresh;
      }
      if (message.pinned && !existing.contains(document.activeElement) && existing.previousElementSibling && !existing.previousElementSibling.classList.contains("pinned")) {
        list.insertBefore(existing, list.firstChild);  // pinned posts stay on top
      }
      return;
    }
    var li = buildPost(message);
    if (isNew) { li.classList.add("is-new"); }
    insertPost(li);
    if (isNew) { announce(); }
  }

  function removeMessage(id) {
    var li = document.getElementById("post-" + id);
    if (!li) { return; }
    if (li.contains(document.activeElement)) {
      var heading = document.getElementById("posts-heading");
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    }
    li.remove();
  }

  function showMeeting(meeting) {
    var chat = document.getElementById("chat-state");
    if (chat) { chat.textContent = meeting.chat_open ? labels.chat_open : labels.chat_closed; }
  }

  /* -- polls ------------------------------------------------------------------------- */

  function csrfToken() {
    var input = document.querySelector("input[name$='csrf_token']");
    return input ? input.value : "";
  }

  function fillResults(container, poll) {
    window.PollResults.fill(container, poll, labels.answers);
  }

  function buildPoll(poll) {
    var card = el("article", "poll card");
    card.id = "poll-" + poll.id;
    card.setAttribute("data-poll", poll.id);
    var heading = el("h3", "", poll.question);
    heading.id = "poll-" + poll.id + "-q";
    card.setAttribute("aria-labelledby", heading.id);
    card.appendChild(heading);
    if (!root.getAttribute("data-staff") || root.getAttribute("data-staff") === "0") {
      var form = el("form", "poll-form");
      form.method = "post";
      form.action = location.pathname.replace(/\/$/, "") + "/polls/" + poll.id + "/answer";
      var token = el("input");
      token.type = "hidden";
      token.name = "poll" + poll.id + "-csrf_token";
      token.value = csrfToken();
      form.appendChild(token);
      var fieldset = el("fieldset", "field");
      fieldset.appendChild(el("legend", "", poll.kind === "multiple" ? labels.choose_many : labels.choose_one));
      poll.options.forEach(function (option, index) {
        var row = el("div", "radio");
        var input = el("input");
        input.type = poll.kind === "multiple" ? "checkbox" : "radio";
        input.name = "poll" + poll.id + "-choice";
        input.value = option.id;
        input.id = "poll" + poll.id + "-choice-" + index;
        var optionLabel = el("label", "", option.label);
        optionLabel.setAttribute("for", input.id);
        row.appendChild(input);
        row.appendChild(document.createTextNode(" "));
        row.appendChild(optionLabel);
        fieldset.appendChild(row);
      });
      form.appendChild(fieldset);
      form.appendChild(el("button", "button primary", labels.answer));
      form.lastChild.type = "submit";
      card.appendChild(form);
    }
    fillResults(card, poll);
    return card;
  }

  function showPoll(evt) {
    var poll = evt.poll;
    var card = document.getElementById("poll-" + poll.id);
    if (!card) {
      if (evt.op !== "open") { return; }
      card = buildPoll(poll);
      var polls = document.getElementById("poll-list");
      polls.insertBefore(card, polls.firstChild);
      document.getElementById("polls").hidden = false;
      announcer.textContent = labels.new_poll + " " + poll.question;
      return;
    }
    fillResults(card, poll);
    if (evt.op === "close") {
      var form = $(".poll-form", card);
      if (form && !form.contains(document.activeElement)) { form.remove(); }
      var closed = el("span", "tag", labels.closed);
      var heading = $("h3", card);
      if (!$(".tag", heading)) { heading.appendChild(document.createTextNode(" ")); heading.appendChild(closed); }
    }
  }

  /* -- the connection ---------------------------------------------------------------- */

  var connState = el("span", "connection");
  statusLine.appendChild(document.createTextNode(" "));
  statusLine.appendChild(connState);
  var presenceLine = $(".presence", statusLine);
  if (!presenceLine) { presenceLine = el("span", "presence"); statusLine.appendChild(presenceLine); }
  // The status line is a live region for the page's own messages; connection and presence
  // changes come often, so they are shown but not spoken.
  statusLine.removeAttribute("role");

  showNewest();

  var live = window.LiveSocket.fromElement(root, {
    onEvent: function (evt) {
      if (evt.type === "message") {
        if (evt.op === "add") { showMessage(evt.message, true); }
        else if (evt.op === "update") { showMessage(evt.message, false); }
        else if (evt.op === "remove") { removeMessage(evt.message_id); }
      } else if (evt.type === "meeting") {
        showMeeting(evt.meeting);
      } else if (evt.type === "poll") {
        showPoll(evt);
      }
      if (evt.stream === "staff" && evt.op === "held") {
        var held = document.getElementById("held-note");
        if (held) { held.hidden = false; }
      }
    },
    onPresence: function (presence) {
      presenceLine.textContent = label("presence", {room: presence.room, remote: presence.remote});
    },
    onReset: function () { location.reload(); },
    onStatus: function (value) {
      state = value;
      connState.textContent = value === "live" ? labels.connected
        : value === "delayed" ? labels.delayed
        : (value === "connecting" ? "" : labels.offline);
      statusLine.classList.toggle("offline", value === "offline" || value === "refused");
      statusLine.classList.toggle("delayed", value === "delayed");
    }
  });

  /* -- sending through the socket, with the form as fallback --------------------------- */

  function fieldError(form, field, message) {
    var old = $(".js-error", form);
    if (old) { old.remove(); }
    if (!message) { return; }
    var error = el("p", "error js-error", message);
    error.id = (field ? field.id : "form") + "-js-error";
    error.setAttribute("role", "alert");
    (field ? field.parentNode : form).insertBefore(error, field || form.firstChild);
    if (field) { field.setAttribute("aria-describedby", error.id); }
  }

  function postKey() {
    var bytes = new Uint8Array(16);
    if (window.crypto && window.crypto.getRandomValues) { window.crypto.getRandomValues(bytes); }
    else { for (var i = 0; i < bytes.length; i++) { bytes[i] = Math.floor(Math.random() * 256); } }
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
  }

  root.addEventListener("input", function (event) {  // another text: another post
    var form = event.target.form;
    if (form && form.id === "post-form") { form.removeAttribute("data-post-key"); }
  });

  function send(form, name, data, done) {
    var button = $("button[type=submit]", form);
    if (button) { button.disabled = true; }  // no double posts while the ack is on its way
    live.emit(name, data).then(function (ack) {
      if (button) { button.disabled = false; }
      if (ack && ack.ok) { fieldError(form, null, ""); done(ack); }
      else { fieldError(form, $("textarea", form), (ack && ack.error) || labels.offline); }
    }, function () {
      if (button) { button.disabled = false; }
      form.submit();  // no answer in time: send it the ordinary way
    });
  }

  root.addEventListener("submit", function (event) {
    var form = event.target;
    // Not connected: the ordinary form post. Delayed: the socket still answers (its acks
    // do not pass through the queue), so it is used as when live.
    if (state !== "live" && state !== "delayed") { return; }
    var idMatch = (form.getAttribute("action") || "").match(/\/messages\/(\d+)\//);
    if (form.id === "post-form") {
      event.preventDefault();
      var direction = (form.elements.direction && form.elements.direction.value) || "";
      var data = {meeting_id: meetingId, kind: (form.querySelector("input[name=kind]:checked") || {}).value || "message",
        text: form.elements.text.value};
      if (direction.indexOf("org:") === 0) { data.directed_organisation_id = Number(direction.slice(4)); }
      if (direction.indexOf("user:") === 0) { data.directed_user_id = Number(direction.slice(5)); }
      // One key per text: sent again (an ack lost on a weak connection), it is the same post.
      if (!form.getAttribute("data-post-key")) { form.setAttribute("data-post-key", postKey()); }
      data.key = form.getAttribute("data-post-key");
      send(form, "meeting:post", data, function (ack) {
        form.removeAttribute("data-post-key");
        form.elements.text.value = "";
        announcer.textContent = ack.message && ack.message.status === "pending" ? labels.held : labels.sent;
        form.elements.text.focus();
      });
    } else if (form.classList.contains("upvote-form") && idMatch) {
      event.preventDefault();
      send(form, "meeting:upvote", {message_id: Number(idMatch[1])}, function () {
        var note = el("p", "voted muted", labels.voted);
        form.replaceWith(note);
      });
    } else if (form.classList.contains("answer-form") && idMatch) {
      event.preventDefault();
      send(form, "meeting:answer", {message_id: Number(idMatch[1]), text: form.elements.answer.value},
        function () { form.elements.answer.value = ""; });
    } else if (form.classList.contains("mark-answered-form") && idMatch) {
      event.preventDefault();
      send(form, "meeting:answer", {message_id: Number(idMatch[1]), mark_answered: true},
        function () { form.hidden = true; });
    } else if (form.classList.contains("poll-form")) {
      event.preventDefault();
      var card = form.closest("[data-poll]");
      var chosen = Array.prototype.filter.call(form.querySelectorAll("input[name$='-choice']"),
        function (input) { return input.checked; }).map(function (input) { return Number(input.value); });
      send(form, "poll:answer", {poll_id: Number(card.getAttribute("data-poll")), option_ids: chosen},
        function () {
          var note = el("p", "muted", labels.answered_poll);
          form.replaceWith(note);
        });
    }
  });
})();
