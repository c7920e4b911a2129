/** The parts of node-onvif 0.1.7 (untyped CommonJS) that the port uses. */
import { createRequire } from 'node:module';
import type { UrlWithStringQuery } from 'node:url';

export interface NodeOnvifDevice {
  init(): Promise<{ Manufacturer?: string; Model?: string; FirmwareVersion?: string; SerialNumber?: string } | null>;
  fetchSnapshot(): Promise<{ headers: Record<string, string | undefined>; body: Buffer }>;
  getProfileList(): { token: string; name: string; snapshot: string; stream: { udp: string; http: string; rtsp: string } }[];
  time_diff: number;
  user: string;
  pass: string;
  services: {
    device: { getSystemDateAndTime(): Promise<unknown> };
    events: { xaddr: string } | null;
  };
}

export interface NodeOnvifProbeResult {
  urn: string;
  name: string;
  hardware: string;
  location: string;
  xaddrs: string[];
  scopes: string[];
}

export interface NodeOnvifModule {
  OnvifDevice: new (params: { xaddr: string; user?: string; pass?: string }) => NodeOnvifDevice;
  startProbe(): Promise<NodeOnvifProbeResult[]>;
  stopProbe(): Promise<void>;
  /** Internal fields, set only to aim discovery at a loopback simulator in tests. */
  _MULTICAST_ADDRESS: string;
  _PORT: number;
  _DISCOVERY_WAIT: number;
  _devices: Record<string, NodeOnvifProbeResult>;
}

export interface NodeOnvifSoap {
  createRequestSoap(p: { body: string; xmlns: string[]; diff: number; user: string; pass: string }): string;
  requestCommand(oxaddr: UrlWithStringQuery, method: string, soap: string): Promise<{ data: Record<string, unknown> }>;
  parse(xml: string): Promise<Record<string, unknown>>;
  HTTP_TIMEOUT: number;
}

const require = createRequire(import.meta.url);
export const loadNodeOnvif = (): NodeOnvifModule => require('node-onvif') as NodeOnvifModule;
export const loadNodeOnvifSoap = (): NodeOnvifSoap => require('node-onvif/lib/modules/soap.js') as NodeOnvifSoap;
