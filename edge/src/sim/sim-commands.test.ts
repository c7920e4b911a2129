import { afterEach, describe, expect, it } from 'vitest';
import { sampleSite } from '../devices/test-site.js';
import { startSimulatedCompound, type SimulatedCompound } from './index.js';
import { runSimCommand } from './sim-commands.js';

let compound: SimulatedCompound | undefined;
afterEach(async () => {
  await compound?.stop();
  compound = undefined;
});

describe('sim CLI commands', () => {
  it('drive the twins and say so; unknown names and commands are explained', async () => {
    compound = await startSimulatedCompound(sampleSite('small'), { walkThroughMs: 0 });
    const gate = compound.gpioGates.get('gate-main')!;
    expect(await runSimCommand(compound, 'force gate-main')).toBe('forced gate-main');
    expect(gate.door).toBe('open');
    expect(await runSimCommand(compound, 'close gate-main')).toBe('closed gate-main');
    expect(gate.door).toBe('closed');
    expect(await runSimCommand(compound, 'offline cam-gate')).toBe('cam-gate offline');
    expect(await runSimCommand(compound, 'online cam-gate')).toBe('cam-gate online');
    expect(await runSimCommand(compound, 'motion cam-gate')).toBe('motion cam-gate');
    expect(await runSimCommand(compound, 'force gate-nowhere')).toBe('no gate gate-nowhere');
    expect(await runSimCommand(compound, 'swipe gate-main ok')).toBe('no MQTT gate gate-main');
    expect(await runSimCommand(compound, 'dance')).toBe('unknown command "dance"');
    expect(await runSimCommand(compound, '   ')).toBe('');
  });
});
