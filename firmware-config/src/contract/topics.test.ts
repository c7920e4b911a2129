import { describe, expect, it } from 'vitest';
import { deviceTopicKinds, gatewayTopicKinds, deviceTopic, gatewayTopic, parseTopic, topics, topicFilters } from './topics.js';
import { deviceMayPublish, deviceMaySubscribe, gatewayMayPublish, gatewayMaySubscribe } from './acl.js';

describe('topic table', () => {
  it('parseTopic inverts every device topic builder', () => {
    for (const kind of deviceTopicKinds) {
      expect(parseTopic(deviceTopic('gate-main', kind))).toEqual({ scope: 'device', deviceId: 'gate-main', kind });
    }
  });
  it('parseTopic inverts every gateway topic builder', () => {
    for (const kind of gatewayTopicKinds) {
      expect(parseTopic(gatewayTopic('gw-hx-12', kind))).toEqual({ scope: 'gateway', gatewayId: 'gw-hx-12', kind });
    }
  });
  it('named builders agree with the table', () => {
    expect(topics.deviceEvent('cam-1')).toBe('yg/d/cam-1/event');
    expect(topics.gatewayAck('gw1')).toBe('yg/gw/gw1/down/ack');
    expect(topicFilters.sharedGatewayUplink('cloud')).toEqual(['$share/cloud/yg/gw/+/up/#']);
  });
  it('rejects ids that would break the topic tree', () => {
    expect(() => deviceTopic('a/b', 'event')).toThrow(/not a valid id/);
    expect(() => deviceTopic('+', 'event')).toThrow(/not a valid id/);
    expect(() => gatewayTopic('', 'up/events')).toThrow(/not a valid id/);
  });
  it('returns null for topics outside the table', () => {
    for (const t of ['yg/d/gate-1', 'yg/d/gate-1/other', 'x/d/gate-1/event', 'yg/gw/g1/up', 'yg/d/+/event', 'yg/d/#', '']) {
      expect(parseTopic(t)).toBeNull();
    }
  });
});

describe('ACL', () => {
  it('a device publishes only on its own uplink topics', () => {
    expect(deviceMayPublish('gate-1', topics.deviceEvent('gate-1'))).toBe(true);
    expect(deviceMayPublish('gate-1', topics.deviceHeartbeat('gate-1'))).toBe(true);
    expect(deviceMayPublish('gate-1', topics.deviceEvent('gate-2'))).toBe(false);
    expect(deviceMayPublish('gate-1', topics.deviceCommand('gate-1'))).toBe(false);
    expect(deviceMayPublish('gate-1', topics.gatewayEvents('gw'))).toBe(false);
  });
  it('a device subscribes only to its own command topic, no wildcards', () => {
    expect(deviceMaySubscribe('gate-1', topics.deviceCommand('gate-1'))).toBe(true);
    expect(deviceMaySubscribe('gate-1', topics.deviceCommand('gate-2'))).toBe(false);
    expect(deviceMaySubscribe('gate-1', 'yg/d/+/cmd')).toBe(false);
    expect(deviceMaySubscribe('gate-1', '#')).toBe(false);
  });
  it('a gateway uses only its own topics', () => {
    expect(gatewayMayPublish('gw1', topics.gatewayEvents('gw1'))).toBe(true);
    expect(gatewayMayPublish('gw1', topics.gatewayEvents('gw2'))).toBe(false);
    expect(gatewayMayPublish('gw1', topics.gatewayCommand('gw1'))).toBe(false);
    expect(gatewayMaySubscribe('gw1', topics.gatewayCommand('gw1'))).toBe(true);
    expect(gatewayMaySubscribe('gw1', topics.gatewayAck('gw1'))).toBe(true);
    expect(gatewayMaySubscribe('gw1', topics.gatewayCommand('gw2'))).toBe(false);
    expect(gatewayMaySubscribe('gw1', 'yg/gw/+/down/cmd')).toBe(false);
  });
});
