/**
 * ONVIF behind a port: node-onvif (plus the PullPoint SOAP calls it lacks) against real cameras
 * or the simulator in devices/camera/simulator.
 */
export interface OnvifDeviceInfo {
  manufacturer?: string;
  model?: string;
  firmwareVersion?: string;
  serialNumber?: string;
}

export interface OnvifEvent {
  topic: string;
  /** e.g. { IsMotion: 'true' } or { IsTamper: 'true' } */
  data: Record<string, string>;
  time: Date;
  /**
   * ONVIF PropertyOperation: 'Initialized' = the current state, sent when a subscription starts
   * (a resync, never an alarm); 'Changed' = a real change.
   */
  operation?: 'Initialized' | 'Changed' | 'Deleted';
}

export interface OnvifCamera {
  init(): Promise<OnvifDeviceInfo>;
  profiles(): Promise<{ token: string; name: string; snapshotUri?: string; streamUri?: string }[]>;
  snapshot(): Promise<{ body: Buffer; contentType: string }>;
  /** Cheap liveness check (GetSystemDateAndTime). */
  probe(): Promise<void>;
  /**
   * Null when the camera offers no PullPoint events. onEnd (optional) is called when the
   * subscription dies on its own (camera rebooted, network), so the caller can resubscribe.
   */
  subscribeEvents(onEvent: (e: OnvifEvent) => void, onEnd?: (err: Error) => void): Promise<{ stop(): Promise<void> } | null>;
}

export interface DiscoveredCamera {
  xaddr: string;
  name?: string;
  hardware?: string;
  urn?: string;
}

export interface OnvifPort {
  connect(opts: { xaddr: string; user?: string; pass?: string }): OnvifCamera;
  discover(opts?: { timeoutMs?: number; onFound?: (c: DiscoveredCamera) => void }): Promise<DiscoveredCamera[]>;
}
