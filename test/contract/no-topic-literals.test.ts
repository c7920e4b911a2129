// The wire contract lives once, in firmware-config: no other package may spell a topic by hand
// Tests may spell topics (attack corpus); sources may not.
// (Frigate needed a test because "unregistered topics drop silently"; we forbid them instead).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeFiles, repoRoot as root } from './code-files.js';

const sources = (dir: string) => codeFiles(dir).filter((f) => !/\.(d|test|spec)\.tsx?$/.test(f));

describe('wire contract is defined once', () => {
  const files = ['edge/src', 'cloud/src', 'console/src', 'edge/bench', 'cloud/bench'].flatMap((d) => sources(join(root, d)));

  it('scans the packages (guard against a vacuous pass)', () => {
    expect(files.length).toBeGreaterThan(3);
  });

  it('no package outside firmware-config writes an MQTT topic literal', () => {
    const offenders: string[] = [];
    const topicLiteral = /['"`](\$share\/[^'"`]*|yg\/(d|gw)\/[^'"`]*)['"`]/;
    for (const f of files) {
      readFileSync(f, 'utf8').split('\n').forEach((line, i) => {
        if (topicLiteral.test(line) && !line.trimStart().startsWith('//') && !line.trimStart().startsWith('*')) {
          offenders.push(`${f.slice(root.length)}:${i + 1}: ${line.trim()}`);
        }
      });
    }
    expect(offenders, 'use topics.* / parseTopic from @yardguard/firmware-config').toEqual([]);
  });

  it('the detector catches a hand-written topic', () => {
    const topicLiteral = /['"`](\$share\/[^'"`]*|yg\/(d|gw)\/[^'"`]*)['"`]/;
    expect(topicLiteral.test("client.publish('yg/d/gate-1/event', x)")).toBe(true);
    expect(topicLiteral.test('client.publish(topics.deviceEvent(id), x)')).toBe(false);
  });
});
