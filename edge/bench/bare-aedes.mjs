// The baseline for edge.vs_bare_aedes: aedes with defaults (in-memory, no auth, no agent).
import { createServer } from 'node:net';
import { Aedes } from 'aedes';

const broker = await Aedes.createBroker();
const server = createServer((socket) => {
  socket.setNoDelay(true); // same socket settings as the agent's broker
  broker.handle(socket);
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ ready: true, port: server.address().port })}\n`);
});
process.on('SIGTERM', () => broker.close(() => server.close(() => process.exit(0))));
