import type { CommandAction, Event, EventBody, ruleTriggers, SiteConfig } from '@yardguard/firmware-config/wire';
import type { Logger } from '../log.js';
import type { CommandOutcome } from '../devices/types.js';

export type RuleTrigger = (typeof ruleTriggers)[number];
export type AlertBody = Extract<EventBody, { type: 'alert.raised' }>;

export interface RulesEngineOptions {
  site: SiteConfig;
  log: Logger;
  /** Run a command on a local device (no signature: the rule is the edge's own decision). */
  execute(deviceId: string, action: CommandAction): Promise<CommandOutcome>;
  raiseAlert(body: AlertBody, deviceId: string): Promise<Event>;
  now(): Date;
  /** Monotonic ms for cooldowns (an NTP step of the wall clock must not reopen or stretch one); default now(). */
  monoMs?(): number;
  /** How long to wait for rule snapshots before giving up on the follow-up alert (default 15 s). */
  snapshotTimeoutMs?: number;
}

export interface RulesEngineStats {
  fired: number;
  cooledDown: number;
  actionFailures: number;
}

export interface RulesEngine {
  onEvent(e: Event): void;
  stop(): void;
  stats(): RulesEngineStats;
}
