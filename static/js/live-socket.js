/*
 * LiveSocket: the client side of the live meeting protocol (docs/realtime.md).
 *
 * It connects with the Socket.IO client the app serves itself (/static/vendor/socket.io.min.js,
 * the global `io`), joins one meeting, and hands every journaled event to `onEvent` exactly
 * once and in order: it keeps the last seq per stream, drops what it already has, holds
 * back events that arrive ahead of a gap and fills the gap by joining again with `after`
 * (the server answers with what is missing), and after a reconnect joins again the same
 * way, so nothing that happened while it was away is lost. Acks come back as Promises.
 *
 *   var live = LiveSocket.connect({meetingId: 3, where: "remote", view: "page",
 *     after: {public: 17, staff: 2},
 *     onEvent: function (evt) {}, onPresence: function (p) {},
 *     onReset: function () { location.reload(); }, onStatus: function (state, error) {}});
 *   live.emit("meeting:post", {meeting_id: 3, kind: "question", text: "..."})
 *     .then(function (ack) { if (!ack.ok) show(ack.error); });
 *
 * Status values: "connecting", "live", "delayed" (connected, but the server's message queue
 * between processes is down: events of other processes arrive late, so the client joins
 * again every few seconds to fetch them from the journal, and once more when the server
 * says the queue works again), "offline" (will reconnect by itself), "refused" (the server
 * said no; the error, when there is one, is a translated sentence).
 * Plain ES2017 for old phones: no modules, no build step, no optional chaining or spread.
 */
(function (global) {
  "use strict";

  var STREAMS = ["public", "staff"];
  var ACK_TIMEOUT_MS = 10000;
  var DELAYED_POLL_MS = 3000;  // while the queue is down: join again (fetch what is missed)

  function noop() {}

  function LiveConnection(options) {
    var after = options.after || {};
    this.meetingId = Number(options.meetingId);
    this.where = options.where === "room" ? "room" : "remote";
    this.view = options.view === "projector" ? "projector" : "page";
    this.last = {public: Number(after.public) || 0, staff: Number(after.staff) || 0};
    this.ahead = {public: {}, staff: {}};  // seq -> event that arrived before its predecessor
    this.onEvent = options.onEvent || noop;
    this.onPresence = options.onPresence || noop;
    this.onReset = options.onReset || noop;
    this.onStatus = options.onStatus || noop;
    this.joining = false;
    this.joinAgain = false;
    this.joinId = 0;  // answers to joins sent before a reconnect are ignored
    this.closed = false;
    this.delayed = false;  // the server says its message queue does not carry events
    this.pollTimer = null;
    this.pollMs = options.pollMs || DELAYED_POLL_MS;
    var ioFactory = options.io || global.io;
    this.socket = ioFactory(options.url || undefined, {
      transports: options.transports || ["websocket"],
      reconnectionDelay: 1000,
      reconnectionDelayMax: 10000
    });
    this._listen();
    this.onStatus("connecting");
  }

  LiveConnection.prototype._listen = function () {
    var self = this;
    var socket = this.socket;
    socket.on("connect", function () {
      self.joining = false;  // a join sent on the old connection will not be answered
      self.join();
    });
    socket.on("live", function (evt) { self._receive(evt); });
    socket.on("disconnect", function (reason) {
      if (self.closed) { return; }
      // The server ends a socket on purpose only when the person may no longer follow.
      self.onStatus(reason === "io server disconnect" ? "refused" : "offline");
    });
    socket.on("connect_error", function (error) {
      if (self.closed) { return; }
      self.onStatus(socket.active ? "offline" : "refused", error && error.message);
    });
  };

  /* Join (or join again) with the last seq of each stream; the ack carries what is missing. */
  LiveConnection.prototype.join = function () {
    var self = this;
    if (this.joining) { this.joinAgain = true; return; }
    this.joining = true;
    this.joinAgain = false;
    var joinId = ++this.joinId;
    var data = {meeting_id: this.meetingId, where: this.where, view: this.view,
      after: {public: this.last.public, staff: this.last.staff}};
    this.socket.timeout(ACK_TIMEOUT_MS).emit("meeting:join", data, function (err, ack) {
      if (self.closed || joinId !== self.joinId) { return; }
      self.joining = false;
      if (err) {  // no answer in time: try again while connected
        if (self.socket.connected) { self.join(); }
        return;
      }
      if (ack && !ack.ok && ack.retry_after) {  // joining too often: wait, then again
        global.setTimeout(function () { self.join(); }, ack.retry_after * 1000);
        return;
      }
      if (!ack || !ack.ok) {
        self.onStatus("refused", ack && ack.error);
        return;
      }
      if (ack.reset) {
        self.onReset();
        return;
      }
      STREAMS.forEach(function (stream) {
        (ack[stream] || []).forEach(function (evt) { self._accept(evt); });
        self._drain(stream);
      });
      if (ack.presence) { self.onPresence(ack.presence); }
      if (ack.queue) { self._setDelayed(ack.queue === "delayed"); }
      self.onStatus(self.delayed ? "delayed" : "live");
      if (self.joinAgain || self._hasGap()) { self.join(); }
    });
  };

  LiveConnection.prototype._hasGap = function () {
    var self = this;
    return STREAMS.some(function (stream) {
      return Object.keys(self.ahead[stream]).length > 0;
    });
  };

  /* The server's message queue state ("queue" / "update", for every meeting of the process):
     while delayed, join again now and then; when it works again, join once more (resync). */
  LiveConnection.prototype._queue = function (evt) {
    var delayed = evt.state === "delayed";
    this._setDelayed(delayed);
    if (!this.socket.connected) { return; }
    if (delayed) { this.onStatus("delayed"); } else { this.join(); }  // the join says "live"
  };

  LiveConnection.prototype._setDelayed = function (delayed) {
    var self = this;
    this.delayed = delayed;
    if (delayed && !this.pollTimer) {
      this.pollTimer = global.setInterval(function () {
        if (self.socket.connected && !self.closed) { self.join(); }
      }, this.pollMs);
    } else if (!delayed && this.pollTimer) {
      global.clearInterval(this.pollTimer);
      this.pollTimer = null;
    }
  };

  LiveConnection.prototype._receive = function (evt) {
    if (evt && evt.type === "queue") { this._queue(evt); return; }
    if (!evt || Number(evt.meeting_id) !== this.meetingId) { return; }
    if (evt.type === "presence") { this.onPresence(evt); return; }
    var stream = evt.stream;
    if (!this.ahead[stream] || evt.seq <= this.last[stream]) { return; }  // seen already
    if (evt.seq === this.last[stream] + 1) {
      this._accept(evt);
      this._drain(stream);
    } else {
      this.ahead[stream][evt.seq] = evt;  // keep it until the gap before it is filled
      this.join();
    }
  };

  LiveConnection.prototype._accept = function (evt) {
    var stream = evt.stream;
    if (evt.seq !== this.last[stream] + 1) { return; }
    this.last[stream] = evt.seq;
    delete this.ahead[stream][evt.seq];
    try {
      this.onEvent(evt);
    } catch (error) {
      if (global.console) { global.console.error(error); }
    }
  };

  LiveConnection.prototype._drain = function (stream) {
    var ahead = this.ahead[stream];
    Object.keys(ahead).forEach(function (seq) {
      if (Number(seq) <= this.last[stream]) { delete ahead[seq]; }
    }, this);
    while (ahead[this.last[stream] + 1]) {
      this._accept(ahead[this.last[stream] + 1]);
    }
  };

  /* Send an event; the Promise resolves with the server's ack ({ok: true, ...} or
     {ok: false, error}) and rejects with an Error when no answer came in time. */
  LiveConnection.prototype.emit = function (name, data) {
    var socket = this.socket;
    return new Promise(function (resolve, reject) {
      socket.timeout(ACK_TIMEOUT_MS).emit(name, data, function (err, ack) {
        if (err) { reject(new Error("timeout")); } else { resolve(ack); }
      });
    });
  };

  LiveConnection.prototype.close = function () {
    this.closed = true;
    this._setDelayed(false);
    this.socket.disconnect();
  };

  /* Connect using a page root's data attributes (data-live-meeting / data-live-projector,
     data-last-public, data-last-staff, data-where); handlers as for connect(). */
  function fromElement(element, handlers) {
    var options = {};
    Object.keys(handlers || {}).forEach(function (key) { options[key] = handlers[key]; });
    var projector = element.hasAttribute("data-live-projector");
    options.meetingId = element.getAttribute(projector ? "data-live-projector" : "data-live-meeting");
    options.view = projector ? "projector" : "page";
    options.where = element.getAttribute("data-where") || "remote";
    options.after = {public: Number(element.getAttribute("data-last-public")) || 0,
      staff: Number(element.getAttribute("data-last-staff")) || 0};
    return new LiveConnection(options);
  }

  global.LiveSocket = {
    connect: function (options) { return new LiveConnection(options); },
    fromElement: fromElement
  };
})(typeof window !== "undefined" ? window : globalThis);
