// A client of live meetings written from docs/realtime.md alone, with the official Socket.IO
// JavaScript client from npm (node_modules/socket.io-client, pinned in package-lock.json),
// for tests/realtime/test_official_client.py. Usage: node official_client.js URL
// Commands on stdin, one JSON object a line:
//   {"id", "do": "connect", "name", "cookie"}         a socket with that session cookie
//   {"id", "do": "emit", "name", "event", "args": []}  emit with an ack; prints the ack
//   {"id", "do": "disconnect", "name"}
// Prints JSON lines: {"id", "ok": true} or {"id", "ack": ...} or {"id", "error": "..."},
// and {"name", "live": evt} for every `live` event a socket receives.
"use strict";
const path = require("path");
const readline = require("readline");

const {io} = require(path.resolve(__dirname, "..", "..", "node_modules", "socket.io-client"));
const url = process.argv[2];
const sockets = new Map();
const out = (obj) => process.stdout.write(JSON.stringify(obj) + "\n");

function connect(command) {
  const socket = io(url, {
    transports: ["websocket"], reconnection: false, forceNew: true,
    extraHeaders: {Cookie: `session=${command.cookie}`},
  });
  sockets.set(command.name, socket);
  socket.on("live", (evt) => out({name: command.name, live: evt}));
  socket.once("connect", () => out({id: command.id, ok: true}));
  socket.once("connect_error", (error) => out({id: command.id, error: String(error.message)}));
}

function emit(command) {
  const socket = sockets.get(command.name);
  socket.timeout(10000).emit(command.event, ...(command.args || []), (error, ack) => {
    out(error ? {id: command.id, error: String(error.message)} : {id: command.id, ack: ack});
  });
}

readline.createInterface({input: process.stdin}).on("line", (line) => {
  const command = JSON.parse(line);
  if (command.do === "connect") {
    connect(command);
  } else if (command.do === "emit") {
    emit(command);
  } else if (command.do === "disconnect") {
    const socket = sockets.get(command.name);
    socket.once("disconnect", () => out({id: command.id, ok: true}));
    socket.disconnect();
  } else if (command.do === "quit") {
    sockets.forEach((socket) => socket.disconnect());
    process.exit(0);
  }
});
