/** One pino root logger per process; modules take `log.child({ mod })`. Secrets are redacted. */
import { pino, type Logger, type LevelWithSilent } from 'pino';

export type { Logger };

export function createLogger(opts: { level?: LevelWithSilent; name?: string } = {}): Logger {
  return pino({
    name: opts.name ?? 'yardguard-edge',
    level: opts.level ?? (process.env.LOG_LEVEL as LevelWithSilent | undefined) ?? 'info',
    redact: { paths: ['password', '*.password', 'passwordHash', '*.passwordHash', 'privateKey', '*.privateKey'], censor: '[redacted]' },
  });
}

/** A logger that writes nothing (tests, embedded use). */
export const silentLogger = (): Logger => pino({ level: 'silent' });
