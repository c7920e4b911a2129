/**
 * The sim CLI's stdin commands, one per line (see main.ts):
 *   force <gate> | close <gate> | swipe <gate> ok|denied | alarm <column> | door <contact> open|close|pass
 *   motion <camera> [off] | tamper <camera> [off] | offline <device> | online <camera>
 * Returns what happened, or why nothing did.
 */
import { DoorContactSim } from './door-contact-sim.js';
import type { SimulatedCompound } from './index.js';

export async function runSimCommand(compound: SimulatedCompound, line: string): Promise<string> {
  const [cmd, id = '', arg] = line.trim().split(/\s+/);
  const mqttGate = compound.mqttGates.get(id);
  const camera = compound.cameras.get(id);
  const column = compound.columns.get(id);
  switch (cmd) {
    case 'force':
    case 'close': {
      const gate = compound.gates.get(id);
      if (!gate) return `no gate ${id}`;
      await (cmd === 'force' ? gate.forceDoor() : gate.closeDoor());
      return `${cmd === 'force' ? 'forced' : 'closed'} ${id}`;
    }
    case 'swipe':
      if (!mqttGate) return `no MQTT gate ${id}`;
      await mqttGate.swipeCard(arg === 'denied' ? 'denied' : 'ok');
      return `card at ${id}`;
    case 'alarm':
      if (!column) return `no column ${id}`;
      await column.pressAlarm();
      return `alarm pressed at ${id}`;
    case 'door': {
      const contact = compound.doorContacts.get(id);
      if (!contact) return `no door contact ${id}`;
      await (arg === 'open' ? contact.open() : arg === 'close' ? contact.close() : contact.passThrough());
      return `door ${id} ${arg ?? 'pass'}`;
    }
    case 'motion': camera?.emitMotion(arg !== 'off'); return camera ? `motion ${id}` : `no camera ${id}`;
    case 'tamper': camera?.emitTamper(arg !== 'off'); return camera ? `tamper ${id}` : `no camera ${id}`;
    case 'offline':
      if (camera) camera.goOffline();
      else if (mqttGate) mqttGate.disconnect();
      else if (column && 'disconnect' in column) column.disconnect();
      else if (compound.doorContacts.get(id) instanceof DoorContactSim) (compound.doorContacts.get(id) as DoorContactSim).disconnect();
      else return `no simulated device ${id}`;
      return `${id} offline`;
    case 'online': camera?.goOnline(); return camera ? `${id} online` : `only cameras come back with "online"`;
    case '': return '';
    default: return `unknown command "${cmd}"`;
  }
}
