// Regenerates the sample site configs (device passwords are demo-<deviceId>, stored as scrypt hashes).
// Run after `npm run build -w @yardguard/firmware-config`: node provisioning/samples/generate-samples.mjs
import { hashPassword } from '../../dist/node.js';
import { writeFileSync } from 'node:fs';
const mq = (id) => ({ username: id, passwordHash: hashPassword(`demo-${id}`) });
const small = {
  version: 1, configVersion: 0,
  compound: { id: 'hx-lane-12', name: '和兴巷12号院', address: '郑州市管城回族区和兴巷12号', households: 36 },
  gateway: { id: 'gw-hx-lane-12', name: '和兴巷12号院网关', broker: { host: '0.0.0.0', port: 1883, wsPort: 8883 }, healthIntervalS: 60, deviceTimeoutS: 90, outbox: { maxMb: 256 }, snapshots: { maxMb: 512 }, guarded: true },
  gates: [
    { id: 'gate-main', name: '大门', driver: 'gpio', relay: { board: 'waveshare-rpi-relay-3ch', channel: 1 }, pulseMs: 3000, doorContactPin: 17, doorOpenLevel: 'high', debounceMs: 50, exitButtonPin: 27, exitButtonLevel: 'low', heldOpenS: 60, forcedWindowS: 10 },
  ],
  cameras: [
    { id: 'cam-gate', name: '大门摄像头', onvif: { xaddr: 'http://192.168.10.64/onvif/device_service', credentialsRef: 'cam-gate' }, covers: ['gate-main'], probeIntervalS: 30, events: true },
    { id: 'cam-yard', name: '院内摄像头', onvif: { xaddr: 'http://192.168.10.65/onvif/device_service', credentialsRef: 'cam-yard' }, covers: [], probeIntervalS: 30, events: true },
  ],
  alarmColumns: [
    { id: 'column-1', name: '一键报警柱', driver: 'mqtt', mqtt: mq('column-1'), near: ['gate-main'] },
  ],
  rules: [
    { id: 'door-forced', when: { event: 'gate.forced_open', devices: [] }, then: [ { do: 'siren', column: 'nearest', pattern: 'alarm', durationS: 30 }, { do: 'snapshot', cameras: 'covering' }, { do: 'alert', severity: 'critical', title: '门被强行打开' } ], cooldownS: 30 },
    { id: 'door-held', when: { event: 'gate.held_open', devices: [] }, then: [ { do: 'snapshot', cameras: 'covering' }, { do: 'alert', severity: 'medium', title: '门长时间未关' } ], cooldownS: 300 },
    { id: 'one-key-alarm', when: { event: 'alarm.button_pressed', devices: [] }, then: [ { do: 'snapshot', cameras: ['cam-gate', 'cam-yard'] }, { do: 'alert', severity: 'critical', title: '一键报警' } ], cooldownS: 10 },
    { id: 'device-offline', when: { event: 'device.offline', devices: [] }, then: [ { do: 'alert', severity: 'high', title: '设备离线' } ], cooldownS: 300 },
    { id: 'camera-offline', when: { event: 'camera.offline', devices: [] }, then: [ { do: 'alert', severity: 'high', title: '摄像头离线' } ], cooldownS: 300 },
  ],
};
const large = structuredClone(small);
large.compound = { id: 'jf-road-88', name: '建设路88号院', address: '郑州市金水区建设路88号', households: 446 };
large.gateway = { ...small.gateway, id: 'gw-jf-road-88', name: '建设路88号院网关' };
large.gates = [
  { id: 'gate-north', name: '北门', driver: 'mqtt', mqtt: mq('gate-north'), heldOpenS: 90, forcedWindowS: 10, commandTimeoutMs: 3000 },
  { id: 'gate-south', name: '南门', driver: 'mqtt', mqtt: mq('gate-south'), heldOpenS: 90, forcedWindowS: 10, commandTimeoutMs: 3000 },
  { id: 'gate-bike', name: '电动车棚门', driver: 'gpio', relay: { board: 'sb-pirelay-v2-4ch', channel: 1 }, pulseMs: 2000, doorContactPin: 17, debounceMs: 50, exitButtonPin: 27, heldOpenS: 120, forcedWindowS: 10 },
  { id: 'gate-building-2', name: '2号楼单元门', driver: 'gpio', relay: { board: 'sb-pirelay-v2-4ch', channel: 2 }, pulseMs: 3000, doorContactPin: 22, debounceMs: 50, exitButtonPin: 23, heldOpenS: 60, forcedWindowS: 10 },
];
large.cameras = [
  ['cam-north', '北门摄像头', 70, ['gate-north']], ['cam-south', '南门摄像头', 71, ['gate-south']], ['cam-bike', '车棚摄像头', 72, ['gate-bike']],
  ['cam-b2', '2号楼摄像头', 73, ['gate-building-2']], ['cam-yard-east', '东院摄像头', 74, []], ['cam-yard-west', '西院摄像头', 75, []],
].map(([id, name, ip, covers]) => ({ id, name, onvif: { xaddr: `http://192.168.20.${ip}/onvif/device_service`, credentialsRef: id }, covers, probeIntervalS: 30, events: true }));
large.alarmColumns = [
  { id: 'column-north', name: '北门报警柱', driver: 'mqtt', mqtt: mq('column-north'), near: ['gate-north'] },
  { id: 'column-south', name: '南门报警柱', driver: 'mqtt', mqtt: mq('column-south'), near: ['gate-south', 'gate-bike'] },
  { id: 'column-yard', name: '院内报警柱', driver: 'gpio', buttonPin: 24, sirenPin: 25, near: ['gate-building-2'] },
];
large.rules = small.rules.map((r) => r.id === 'one-key-alarm' ? { ...r, then: [ { do: 'siren', column: 'nearest', pattern: 'voice_warning', durationS: 20 }, { do: 'snapshot', cameras: ['cam-yard-east', 'cam-yard-west'] }, r.then[1] ] } : r);
const dir = new URL('./', import.meta.url).pathname;
writeFileSync(dir + 'small-compound.json', JSON.stringify(small, null, 2) + '\n');
writeFileSync(dir + 'large-compound.json', JSON.stringify(large, null, 2) + '\n');
