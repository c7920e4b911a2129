/** Canned ONVIF SOAP responses for the camera simulator (the fields node-onvif and our PullPoint client read). */
const NS = [
  'xmlns:s="http://www.w3.org/2003/05/soap-envelope"',
  'xmlns:tds="http://www.onvif.org/ver10/device/wsdl"',
  'xmlns:trt="http://www.onvif.org/ver10/media/wsdl"',
  'xmlns:tev="http://www.onvif.org/ver10/events/wsdl"',
  'xmlns:tt="http://www.onvif.org/ver10/schema"',
  'xmlns:wsa="http://www.w3.org/2005/08/addressing"',
  'xmlns:wsnt="http://docs.oasis-open.org/wsn/b-2"',
  'xmlns:tns1="http://www.onvif.org/ver10/topics"',
  'xmlns:ter="http://www.onvif.org/ver10/error"',
].join(' ');

export const envelope = (body: string): string => `<?xml version="1.0" encoding="UTF-8"?><s:Envelope ${NS}><s:Body>${body}</s:Body></s:Envelope>`;

export const fault = (subcode: string, reason: string): string =>
  envelope(`<s:Fault><s:Code><s:Value>s:Sender</s:Value><s:Subcode><s:Value>${subcode}</s:Value></s:Subcode></s:Code><s:Reason><s:Text xml:lang="en">${reason}</s:Text></s:Reason></s:Fault>`);

export function systemDateAndTime(now: Date): string {
  return envelope(`<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime><tt:DateTimeType>NTP</tt:DateTimeType><tt:DaylightSavings>false</tt:DaylightSavings><tt:TimeZone><tt:TZ>CST-8</tt:TZ></tt:TimeZone><tt:UTCDateTime><tt:Time><tt:Hour>${now.getUTCHours()}</tt:Hour><tt:Minute>${now.getUTCMinutes()}</tt:Minute><tt:Second>${now.getUTCSeconds()}</tt:Second></tt:Time><tt:Date><tt:Year>${now.getUTCFullYear()}</tt:Year><tt:Month>${now.getUTCMonth() + 1}</tt:Month><tt:Day>${now.getUTCDate()}</tt:Day></tt:Date></tt:UTCDateTime></tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>`);
}

export function capabilities(base: string, withEvents: boolean): string {
  const events = withEvents ? `<tt:Events><tt:XAddr>${base}/onvif/events_service</tt:XAddr><tt:WSSubscriptionPolicySupport>false</tt:WSSubscriptionPolicySupport><tt:WSPullPointSupport>true</tt:WSPullPointSupport></tt:Events>` : '';
  return envelope(`<tds:GetCapabilitiesResponse><tds:Capabilities><tt:Device><tt:XAddr>${base}/onvif/device_service</tt:XAddr></tt:Device>${events}<tt:Media><tt:XAddr>${base}/onvif/media_service</tt:XAddr></tt:Media></tds:Capabilities></tds:GetCapabilitiesResponse>`);
}

export function deviceInformation(info: { manufacturer: string; model: string; firmware: string; serial: string }): string {
  return envelope(`<tds:GetDeviceInformationResponse><tds:Manufacturer>${info.manufacturer}</tds:Manufacturer><tds:Model>${info.model}</tds:Model><tds:FirmwareVersion>${info.firmware}</tds:FirmwareVersion><tds:SerialNumber>${info.serial}</tds:SerialNumber><tds:HardwareId>1.0</tds:HardwareId></tds:GetDeviceInformationResponse>`);
}

export const profiles = (): string =>
  envelope(`<trt:GetProfilesResponse><trt:Profiles token="profile_1" fixed="true"><tt:Name>mainStream</tt:Name></trt:Profiles></trt:GetProfilesResponse>`);

export const streamUri = (host: string): string =>
  envelope(`<trt:GetStreamUriResponse><trt:MediaUri><tt:Uri>rtsp://${host}:554/Streaming/Channels/101</tt:Uri><tt:InvalidAfterConnect>false</tt:InvalidAfterConnect><tt:InvalidAfterReboot>false</tt:InvalidAfterReboot><tt:Timeout>PT0S</tt:Timeout></trt:MediaUri></trt:GetStreamUriResponse>`);

export const snapshotUri = (base: string): string =>
  envelope(`<trt:GetSnapshotUriResponse><trt:MediaUri><tt:Uri>${base}/onvif/snapshot.jpg</tt:Uri><tt:InvalidAfterConnect>false</tt:InvalidAfterConnect><tt:InvalidAfterReboot>false</tt:InvalidAfterReboot><tt:Timeout>PT0S</tt:Timeout></trt:MediaUri></trt:GetSnapshotUriResponse>`);

export function pullPointCreated(address: string, now: Date, untilMs: number): string {
  return envelope(`<tev:CreatePullPointSubscriptionResponse><tev:SubscriptionReference><wsa:Address>${address}</wsa:Address></tev:SubscriptionReference><wsnt:CurrentTime>${now.toISOString()}</wsnt:CurrentTime><wsnt:TerminationTime>${new Date(now.getTime() + untilMs).toISOString()}</wsnt:TerminationTime></tev:CreatePullPointSubscriptionResponse>`);
}

export interface SimNotification {
  topic: string;
  operation?: 'Initialized' | 'Changed';
  source: Record<string, string>;
  data: Record<string, string>;
  time: Date;
}

const items = (o: Record<string, string>) => Object.entries(o).map(([k, v]) => `<tt:SimpleItem Name="${k}" Value="${v}"/>`).join('');

export function pullMessages(now: Date, messages: SimNotification[]): string {
  const msgs = messages
    .map((m) => `<wsnt:NotificationMessage><wsnt:Topic Dialect="http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet">${m.topic}</wsnt:Topic><wsnt:Message><tt:Message UtcTime="${m.time.toISOString()}" PropertyOperation="${m.operation ?? 'Changed'}"><tt:Source>${items(m.source)}</tt:Source><tt:Data>${items(m.data)}</tt:Data></tt:Message></wsnt:Message></wsnt:NotificationMessage>`)
    .join('');
  return envelope(`<tev:PullMessagesResponse><tev:CurrentTime>${now.toISOString()}</tev:CurrentTime><tev:TerminationTime>${new Date(now.getTime() + 60_000).toISOString()}</tev:TerminationTime>${msgs}</tev:PullMessagesResponse>`);
}

export const unsubscribed = (): string => envelope('<wsnt:UnsubscribeResponse/>');
export const renewed = (now: Date): string => envelope(`<wsnt:RenewResponse><wsnt:TerminationTime>${new Date(now.getTime() + 60_000).toISOString()}</wsnt:TerminationTime><wsnt:CurrentTime>${now.toISOString()}</wsnt:CurrentTime></wsnt:RenewResponse>`);

export function probeMatches(opts: { relatesTo: string; urn: string; xaddr: string; name: string; hardware: string }): string {
  return `<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" xmlns:dn="http://www.onvif.org/ver10/network/wsdl"><s:Header><a:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/ProbeMatches</a:Action><a:RelatesTo>${opts.relatesTo}</a:RelatesTo></s:Header><s:Body><d:ProbeMatches><d:ProbeMatch><a:EndpointReference><a:Address>${opts.urn}</a:Address></a:EndpointReference><d:Types>dn:NetworkVideoTransmitter</d:Types><d:Scopes>onvif://www.onvif.org/type/video_encoder onvif://www.onvif.org/hardware/${opts.hardware} onvif://www.onvif.org/name/${opts.name.replace(/ /g, '_')} onvif://www.onvif.org/location/city/zhengzhou</d:Scopes><d:XAddrs>${opts.xaddr}</d:XAddrs><d:MetadataVersion>1</d:MetadataVersion></d:ProbeMatch></d:ProbeMatches></s:Body></s:Envelope>`;
}
