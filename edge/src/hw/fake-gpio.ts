/**
 * A programmable GPIO for tests and the simulator: inputs are driven with setInput()/press(),
 * output writes are recorded with timestamps. Edges are delivered synchronously, so tests with
 * fake timers see them at once.
 */
import type { Edge, GpioPin, GpioPort, Level } from './gpio-port.js';

export interface RecordedWrite {
  level: Level;
  at: number;
}

type Watcher = (err: Error | null | undefined, value: Level) => void;

interface FakePinState {
  direction: 'in' | 'out';
  edge: Edge | 'none';
  level: Level;
  watchers: Watcher[];
  writes: RecordedWrite[];
}

export class FakeGpio implements GpioPort {
  private readonly pins = new Map<number, FakePinState>();
  private readonly writeListeners: ((pin: number, level: Level) => void)[] = [];

  constructor(private readonly clock: () => number = () => Date.now()) {}

  /**
   * Like sysfs with onoff's reconfigureDirection: false, a line that is already an output keeps
   * its level (a run that crashed mid-pulse leaves it active); only a new line takes `initial`.
   */
  output(bcmPin: number, initial: Level): GpioPin {
    const existing = this.pins.get(bcmPin);
    const s = this.state(bcmPin, initial);
    if (existing?.direction !== 'out') {
      s.direction = 'out';
      this.recordWrite(bcmPin, s, initial);
    }
    return this.pin(bcmPin, s);
  }

  input(bcmPin: number, edge: Edge): GpioPin {
    const s = this.state(bcmPin, 0);
    s.direction = 'in';
    s.edge = edge;
    return this.pin(bcmPin, s);
  }

  /** Drive an input to a level; watchers see the edge if it matches their edge setting. */
  setInput(bcmPin: number, level: Level): void {
    const s = this.state(bcmPin, level);
    if (s.level === level) return;
    s.level = level;
    const matches = s.edge === 'both' || (s.edge === 'rising' && level === 1) || (s.edge === 'falling' && level === 0);
    if (!matches) return;
    for (const w of [...s.watchers]) w(null, level);
  }

  /** A button press: the input goes to the other level for holdMs, then back. */
  press(bcmPin: number, holdMs = 150): Promise<void> {
    const idle = this.state(bcmPin, 0).level;
    this.setInput(bcmPin, idle === 1 ? 0 : 1);
    return new Promise((resolve) => setTimeout(() => {
      this.setInput(bcmPin, idle);
      resolve();
    }, holdMs));
  }

  /** Current level of any pin (an output's last write, an input's driven level). */
  level(bcmPin: number): Level | undefined {
    return this.pins.get(bcmPin)?.level;
  }

  /** Every write to an output pin, the initial level included. */
  writes(bcmPin: number): RecordedWrite[] {
    return [...(this.pins.get(bcmPin)?.writes ?? [])];
  }

  /** Called after each output write (the simulator uses it to open a door when the relay clicks). */
  onWrite(fn: (pin: number, level: Level) => void): void {
    this.writeListeners.push(fn);
  }

  private state(bcmPin: number, initial: Level): FakePinState {
    let s = this.pins.get(bcmPin);
    if (!s) {
      s = { direction: 'in', edge: 'none', level: initial, watchers: [], writes: [] };
      this.pins.set(bcmPin, s);
    }
    return s;
  }

  private recordWrite(bcmPin: number, s: FakePinState, level: Level): void {
    s.level = level;
    s.writes.push({ level, at: this.clock() });
    for (const fn of this.writeListeners) fn(bcmPin, level);
  }

  private pin(bcmPin: number, s: FakePinState): GpioPin {
    return {
      read: () => Promise.resolve(s.level),
      write: (value: Level) => {
        if (s.direction !== 'out') return Promise.reject(new Error(`pin ${bcmPin} is an input`));
        this.recordWrite(bcmPin, s, value);
        return Promise.resolve();
      },
      watch: (cb) => {
        s.watchers.push(cb);
      },
      unwatchAll: () => {
        s.watchers = [];
      },
      release: () => {
        s.watchers = [];
      },
    };
  }
}

