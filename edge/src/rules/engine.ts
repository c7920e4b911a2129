/**
 * Local linkage rules: when a device reports a trigger event, sound the nearest siren, take
 * snapshots and raise an alert, all through local execution, so it works with no cloud at all.
 *
 * Timing (documented choice): the siren command and the alert start at once, in the same tick
 * as the event; snapshots run in parallel and never delay them. When snapshots finish, a
 * follow-up alert.raised with the same key and causeEventId carries their snapshotIds; the
 * cloud folds alerts with the same key into one incident, so the follow-up attaches the pictures
 * to the incident the guard already has.
 *
 * A rule fires at most once per (rule, device) per cooldownS. Offline triggers fire only while
 * the compound is guarded; a camera's device.offline is left to the camera.offline rule when the
 * site has one (one alert per cut camera, not two). Nothing here throws into the caller.
 */
import { ruleTriggers, type CommandAction, type Event, type RuleAction, type RuleConfig } from '@yardguard/firmware-config/wire';
import { alertKindOf, coveringCameras, nearestColumn } from './targets.js';
import type { AlertBody, RuleTrigger, RulesEngine, RulesEngineOptions, RulesEngineStats } from './types.js';

const TRIGGERS = new Set<string>(ruleTriggers);
const OFFLINE_TRIGGERS = new Set<RuleTrigger>(['device.offline', 'camera.offline']);

function isTrigger(type: string): type is RuleTrigger {
  return TRIGGERS.has(type);
}

/** Tamper events also report the end of a tamper (active: false); only the start is an alarm. */
function isAlarmingOccurrence(e: Event): boolean {
  if (e.type === 'camera.tamper') return e.data.active;
  return true;
}

export function createRulesEngine(opts: RulesEngineOptions): RulesEngine {
  const log = opts.log.child({ mod: 'rules' });
  const lastFired = new Map<string, number>();
  const stats: RulesEngineStats = { fired: 0, cooledDown: 0, actionFailures: 0 };
  const snapshotTimeoutMs = opts.snapshotTimeoutMs ?? 15_000;
  let stopped = false;

  const rulesByTrigger = new Map<string, RuleConfig[]>();
  for (const r of opts.site.rules) {
    if (!r.enabled) continue;
    rulesByTrigger.set(r.when.event, [...(rulesByTrigger.get(r.when.event) ?? []), r]);
  }

  function failed(rule: RuleConfig, e: Event, what: string, err: unknown): void {
    stats.actionFailures++;
    log.error({ err, ruleId: rule.id, deviceId: e.deviceId, causeEventId: e.id }, `rule action failed: ${what}`);
  }

  /** execute() that never rejects; resolves to the outcome or undefined. */
  async function run(rule: RuleConfig, e: Event, deviceId: string, action: CommandAction) {
    try {
      const outcome = await opts.execute(deviceId, action);
      if (outcome.status === 'error') failed(rule, e, `${action.action} on ${deviceId}: ${outcome.code}`, new Error(outcome.message));
      return outcome;
    } catch (err) {
      failed(rule, e, `${action.action} on ${deviceId}`, err);
      return undefined;
    }
  }

  function raise(rule: RuleConfig, e: Event, body: AlertBody): void {
    opts.raiseAlert(body, e.deviceId).catch((err: unknown) => failed(rule, e, 'raise alert', err));
  }

  function fire(rule: RuleConfig, trigger: RuleTrigger, e: Event): void {
    const alert = rule.then.find((a): a is Extract<RuleAction, { do: 'alert' }> => a.do === 'alert');
    const kind = alertKindOf[trigger];
    const alertBody = (snapshotIds?: string[]): AlertBody => ({
      type: 'alert.raised',
      data: {
        key: `${e.deviceId}:${kind}`,
        kind,
        severity: alert!.severity,
        title: alert!.title,
        ruleId: rule.id,
        causeEventId: e.id,
        ...(snapshotIds ? { snapshotIds } : {}),
      },
    });
    const snapshots: Promise<string | undefined>[] = [];
    for (const action of rule.then) {
      if (action.do === 'siren') {
        const column = action.column === 'nearest' ? nearestColumn(opts.site, e.deviceId) : action.column;
        if (!column) {
          log.warn({ ruleId: rule.id }, 'siren action but no alarm column in this site');
          continue;
        }
        void run(rule, e, column, { action: 'siren.start', params: { pattern: action.pattern, durationS: action.durationS } });
      } else if (action.do === 'snapshot') {
        const cameras = action.cameras === 'covering' ? coveringCameras(opts.site, e.deviceId) : action.cameras;
        // A camera that just went offline cannot take its own picture.
        for (const cam of cameras.filter((c) => !(trigger === 'camera.offline' && c === e.deviceId))) {
          snapshots.push(
            run(rule, e, cam, { action: 'camera.snapshot', params: { reason: 'rule' } }).then((o) =>
              o?.status === 'ok' && typeof o.data?.snapshotId === 'string' ? o.data.snapshotId : undefined,
            ),
          );
        }
      }
    }
    if (!alert) return;
    raise(rule, e, alertBody());
    if (snapshots.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), snapshotTimeoutMs);
    });
    void Promise.race([Promise.all(snapshots), timeout]).then((ids) => {
      clearTimeout(timer);
      if (stopped) return;
      if (ids === 'timeout') return log.warn({ ruleId: rule.id, causeEventId: e.id }, 'rule snapshots did not finish in time');
      const taken = ids.filter((id): id is string => id !== undefined).slice(0, 16);
      if (taken.length > 0) raise(rule, e, alertBody(taken));
    });
  }

  return {
    onEvent(e: Event): void {
      try {
        if (stopped || !isTrigger(e.type)) return;
        const trigger = e.type;
        const rules = rulesByTrigger.get(trigger);
        if (!rules || !isAlarmingOccurrence(e)) return;
        if (OFFLINE_TRIGGERS.has(trigger) && !opts.site.gateway.guarded) return;
        // A camera that drops reports camera.offline (with a reason) and, through presence,
        // device.offline: one alert is enough when a camera.offline rule exists.
        if (e.type === 'device.offline' && e.data.kind === 'camera' && rulesByTrigger.has('camera.offline')) return;
        const now = opts.monoMs ? opts.monoMs() : opts.now().getTime();
        for (const rule of rules) {
          if (rule.when.devices.length > 0 && !rule.when.devices.includes(e.deviceId)) continue;
          const key = `${rule.id}\u0000${e.deviceId}`;
          const last = lastFired.get(key);
          if (last !== undefined && now - last < rule.cooldownS * 1000) {
            stats.cooledDown++;
            continue;
          }
          lastFired.set(key, now);
          stats.fired++;
          log.info({ ruleId: rule.id, deviceId: e.deviceId, causeEventId: e.id }, 'rule fired');
          fire(rule, trigger, e);
        }
      } catch (err) {
        stats.actionFailures++;
        log.error({ err, eventId: e?.id }, 'rules engine failed on an event (ignored)');
      }
    },
    stop() {
      stopped = true;
    },
    stats: () => ({ ...stats }),
  };
}
