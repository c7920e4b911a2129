/**
 * NATS's MQTT gateway maps a topic to a subject level by level: `/` becomes `.`, `+` becomes `*`,
 * `#` becomes `>`. The cloud subscribes to the gateways' uplink by subject, so these mappings are
 * the only place that knows it. Topic ids are letters, digits, `-` and `_` (firmware-config), so no
 * topic level holds a `.`, which NATS 2.9 would refuse.
 */
export function subjectFilterOf(topicFilter: string): string {
  return topicFilter.split('/').map((level) => (level === '+' ? '*' : level === '#' ? '>' : level)).join('.');
}

export function topicOfSubject(subject: string): string {
  return subject.split('.').join('/');
}
