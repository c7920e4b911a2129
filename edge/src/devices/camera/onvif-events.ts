/**
 * ONVIF notification topics -> camera events. Cameras differ: Hikvision and Dahua send
 * VideoSource/MotionAlarm (State), many others RuleEngine/CellMotionDetector/Motion (IsMotion);
 * tamper arrives as VideoSource/GlobalSceneChange, ImageTooDark/Blurry/Bright or a *Tamper* rule.
 */
import type { EventBody } from '@yardguard/firmware-config/wire';
import type { OnvifEvent } from '../../hw/onvif-port.js';

const TRUE = /^(true|1)$/i;

function flag(data: Record<string, string>, keys: string[]): boolean | undefined {
  for (const k of keys) {
    const v = data[k];
    if (v !== undefined) return TRUE.test(v);
  }
  return undefined;
}

/** A camera event for a notification, or null for topics we do not use. */
export function cameraEventOf(e: OnvifEvent): Extract<EventBody, { type: 'camera.motion' | 'camera.tamper' }> | null {
  const topic = e.topic.replace(/^[A-Za-z0-9]+:/, '').replace(/\/[A-Za-z0-9]+:/g, '/');
  const short = topic.slice(0, 120);
  if (/MotionAlarm|MotionDetector|CellMotionDetector|\/Motion$/i.test(topic)) {
    const active = flag(e.data, ['State', 'IsMotion', 'Motion']);
    return active === undefined ? null : { type: 'camera.motion', data: { active, source: short } };
  }
  if (/GlobalSceneChange|ImageTooDark|ImageTooBlurry|ImageTooBright|Tamper|SignalLoss/i.test(topic)) {
    const active = flag(e.data, ['State', 'IsTamper', 'Value', 'IsGlobalSceneChange']);
    return active === undefined ? null : { type: 'camera.tamper', data: { active, detail: short } };
  }
  return null;
}
