// What the browser's Socket.IO client (the one the app vendors) reports when it connects,
// for tests/live/test_state_json.py. Usage: node socket_origin_probe.js URL COOKIE ORIGIN
// Writes one JSON line per connect or connect_error, and stops after the third error.
"use strict";
const path = require("path");

const root = path.resolve(__dirname, "..", "..");
const io = require(path.join(root, "node_modules", "socket.io-client"));
const [url, cookie, origin] = process.argv.slice(2);
const out = (obj) => process.stdout.write(JSON.stringify(obj) + "\n");

const socket = io(url, {transports: ["websocket"], reconnectionDelay: 100,
  reconnectionDelayMax: 200, extraHeaders: {Cookie: cookie, Origin: origin}});
let errors = 0;
socket.on("connect", () => { out({connect: true}); process.exit(0); });
socket.on("connect_error", (error) => {
  // `active`: whether the client will try again by itself (live-socket.js: "offline").
  out({error: error.message, active: socket.active});
  if (++errors === 3 || !socket.active) { process.exit(0); }
});
