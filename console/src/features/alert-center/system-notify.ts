/**
 * System notifications and vibration for alerts that arrive while the guard looks elsewhere
 * (another app, a locked phone). Permission is asked once, from a button that says why; the
 * answer is the browser's to keep, and "not now" is remembered so the question is not repeated.
 */
import type { Alert } from '../../api/types.js';

export type NotifyPermission = 'unsupported' | 'default' | 'granted' | 'denied';
const DISMISSED_KEY = 'yg.notify.dismissed';

export function notifyPermission(): NotifyPermission {
  if (typeof window === 'undefined' || typeof window.Notification === 'undefined') return 'unsupported';
  return window.Notification.permission as NotifyPermission;
}

export function askDismissed(): boolean {
  try {
    return localStorage.getItem(DISMISSED_KEY) === '1';
  } catch {
    return false;
  }
}

export function dismissAsk() {
  try {
    localStorage.setItem(DISMISSED_KEY, '1');
  } catch {
    // private mode: asked again next time
  }
}

export async function requestNotifyPermission(): Promise<NotifyPermission> {
  if (notifyPermission() === 'unsupported') return 'unsupported';
  try {
    return (await window.Notification.requestPermission()) as NotifyPermission;
  } catch {
    return notifyPermission();
  }
}

/** Through the service worker when there is one (Android Chrome only shows those), else directly. */
export async function showAlertNotification(alert: Alert, title: string, body: string): Promise<void> {
  if (notifyPermission() !== 'granted') return;
  const opts: NotificationOptions & { renotify?: boolean; requireInteraction?: boolean } = {
    body,
    tag: `alert-${alert.id}`,
    icon: 'icons/icon-192.png',
    badge: 'icons/icon-192.png',
    requireInteraction: alert.severity === 'critical',
    data: { url: '#/alerts' },
  };
  try {
    const reg = 'serviceWorker' in navigator ? await navigator.serviceWorker.getRegistration() : undefined;
    if (reg) await reg.showNotification(title, opts);
    else new window.Notification(title, opts);
  } catch {
    // A notification that cannot be shown must not break the desk.
  }
}

/** Long-short-long where the device can vibrate (Android); a no-op elsewhere (iOS, desktops). */
export function vibrateFor(severity: string): boolean {
  if (typeof navigator === 'undefined' || typeof navigator.vibrate !== 'function') return false;
  try {
    return navigator.vibrate(severity === 'critical' ? [500, 150, 500, 150, 500] : [400, 150, 400]);
  } catch {
    return false;
  }
}
