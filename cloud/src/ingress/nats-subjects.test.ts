import { describe, expect, it } from 'vitest';
import { parseTopic, topicFilters, topics } from '@yardguard/firmware-config';
import { subjectFilterOf, topicOfSubject } from './nats-subjects.js';

describe('NATS subjects of MQTT topics', () => {
  it('maps the uplink filter level by level, wildcards included', () => {
    const [filter] = topicFilters.allGatewayUplink;
    const subject = subjectFilterOf(filter!);
    expect(subject.split('.')).toHaveLength(filter!.split('/').length);
    expect(subject).not.toMatch(/[/+#]/);
    expect(subject.split('.')[2]).toBe('*');
    expect(subject.endsWith('.>')).toBe(true);
  });

  it('turns a delivered subject back into the topic the gateway published', () => {
    for (const topic of [topics.gatewayEvents('gw-1_a'), topics.gatewayResult('gw-1_a'), topics.gatewayAvailability('gw-1_a')]) {
      const subject = topic.split('/').join('.'); // what nats-server delivers for it
      expect(topicOfSubject(subject)).toBe(topic);
      expect(parseTopic(topicOfSubject(subject))).toMatchObject({ scope: 'gateway', gatewayId: 'gw-1_a' });
    }
  });
});
