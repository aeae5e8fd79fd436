// Drives static/js/live-socket.js in Node with the socket.io-client the app vendors, for
// tests/realtime/test_live_socket_js.py. Usage: node live_socket_driver.js URL COOKIE MEETING
// Reads commands on stdin (drop, reconnect, post TEXT, quit); writes JSON lines on stdout.
"use strict";
const path = require("path");
const readline = require("readline");

const root = path.resolve(__dirname, "..", "..");
const realIo = require(path.join(root, "node_modules", "socket.io-client"));
const [url, cookie, meetingId] = process.argv.slice(2);
const out = (obj) => process.stdout.write(JSON.stringify(obj) + "\n");

globalThis.io = (_url, options) =>
  realIo(url, Object.assign({}, options, {extraHeaders: {Cookie: cookie}}));
require(path.join(root, "static", "js", "live-socket.js"));

const live = globalThis.LiveSocket.connect({
  meetingId: Number(meetingId), where: "remote", view: "page", after: {public: 0, staff: 0},
  onEvent: (evt) => out({event: evt.seq, stream: evt.stream, type: evt.type}),
  onPresence: (p) => out({presence: [p.room, p.remote]}),
  onReset: () => out({reset: true}),
  onStatus: (state, error) => out({status: state, error: error || null}),
});

readline.createInterface({input: process.stdin}).on("line", (line) => {
  const [command, ...rest] = line.split(" ");
  if (command === "drop") {  // the network goes away: no automatic reconnect for now
    live.socket.io.reconnection(false);
    live.socket.io.engine.close();
    out({dropped: true});
  } else if (command === "reconnect") {
    live.socket.io.reconnection(true);
    live.socket.connect();
  } else if (command === "post") {
    live.emit("meeting:post", {meeting_id: Number(meetingId), text: rest.join(" ")})
      .then((ack) => out({ack: ack}), (error) => out({ackError: String(error)}));
  } else if (command === "quit") {
    live.close();
    process.exit(0);
  }
});
