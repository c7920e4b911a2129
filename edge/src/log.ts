/** One pino root logger per process; modules take `log.child({ mod })`. Secrets are redacted. */
import { pino, type Logger, type LevelWithSilent } from 'pino';
import type { LogRing } from './diagnostics/log-ring.js';

export type { Logger };

export function createLogger(opts: { level?: LevelWithSilent; name?: string; ring?: LogRing } = {}): Logger {
  const level = opts.level ?? (process.env.LOG_LEVEL as LevelWithSilent | undefined) ?? 'info';
  const options = {
    name: opts.name ?? 'yardguard-edge',
    level,
    redact: { paths: ['password', '*.password', 'passwordHash', '*.passwordHash', 'privateKey', '*.privateKey'], censor: '[redacted]' },
  };
  if (!opts.ring) return pino(options);
  // Lines go to stdout (the journal) and to the ring that remote diagnostics read (redacted there too).
  const streamLevel = level === 'silent' ? 'fatal' : level;
  return pino(options, pino.multistream([
    { level: streamLevel, stream: process.stdout },
    { level: streamLevel, stream: opts.ring },
  ]));
}

/** A logger that writes nothing (tests, embedded use). */
export const silentLogger = (): Logger => pino({ level: 'silent' });
