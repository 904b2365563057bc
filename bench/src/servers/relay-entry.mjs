// The floor: answers sync step 1 with an empty step 2 and forwards every other
// frame byte for byte to the room's other sockets. No Y.Doc, no storage: what is
// left is the cost of loopback sockets and the load generator.
import http from 'node:http';
import { WebSocketServer } from 'ws';

const port = Number(process.argv[2]);
// [sync, step 2, length 2, empty update (no structs, no deletes)]
const EMPTY_STEP2 = Buffer.from([0, 1, 2, 0, 0]);
/** @type {Map<string, Set<import('ws').WebSocket>>} */
const rooms = new Map();
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
const server = http.createServer((_req, res) => {
  res.writeHead(200).end('ok');
});

wss.on('connection', (socket, request) => {
  const room = request.url ?? '/';
  const members = rooms.get(room) ?? new Set();
  rooms.set(room, members);
  members.add(socket);
  socket.on('message', (/** @type {Buffer} */ frame) => {
    if (frame[0] === 0 && frame[1] === 0) {
      socket.send(EMPTY_STEP2);
      return;
    }
    for (const peer of members) if (peer !== socket) peer.send(frame);
  });
  socket.on('close', () => {
    members.delete(socket);
    if (members.size === 0) rooms.delete(room);
  });
});
server.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
});
server.listen(port, '127.0.0.1', () => process.stdout.write('READY\n'));
process.on('SIGTERM', () => process.exit(0));
