/**
 * The cloud's request/response types, imported from @yardguard/firmware-config as types only
 * (`import type` keeps zod out of the bundle). Never copy a server type here by hand.
 */
import type { WorkOrderStage } from '@yardguard/firmware-config';

export type {
  AccessMethod,
  Alert,
  AlertKind,
  AlarmsPerDayChart,
  AlertList,
  AlertPolicy,
  AlertSeverity,
  AlertStatus,
  ChangePasswordRequest,
  ApiRole as Role,
  Compound,
  CompoundList,
  ConfigVersionInfo,
  Device,
  DeviceCommandRequest,
  DeviceCommandResponse,
  DeviceUptimeChart,
  DeviceList,
  EnrollmentCode,
  EnrollmentCodeList,
  EventList,
  EventsPerHourChart,
  Gate,
  GateList,
  GateOpenResponse,
  GateOpensChart,
  Gateway,
  GatewayList,
  GatewayDeadLetters,
  ResendDeadLettersResponse,
  PushConfigResponse,
  CommandList,
  HandoverNote,
  HandoverNoteList,
  ShiftSwap,
  Incident,
  IncidentDetail,
  IncidentList,
  LinkWorkOrderRequest,
  LiveMessage as LiveMessageBody,
  LoginResponse,
  OnDutyGuard,
  OverviewResponse,
  CompoundSummary,
  CompoundProblem,
  OnDutyResponse,
  Post,
  PostList,
  Roster,
  RosterList,
  ScheduleResponse,
  SessionUser,
  Shift,
  Snapshot,
  SnapshotList,
  StoredEvent,
  TimelineEntry,
  TransitionWorkOrderRequest,
  CreateVisitorPassRequest,
  CreateWorkOrderRequest,
  User,
  UserList,
  VisitorPass,
  VisitorPassList,
  WorkOrder,
  WorkOrderCategoryList,
  WorkOrderDetail,
  WorkOrderList,
  WorkOrderReport,
  WorkOrderReportRow,
  WorkOrderStage,
  PublicNotice,
  NoticeBoard,
  NoticeContent,
  NoticeHistory,
  MonthlyReport,
  MonthlyReportRow,
  Callback,
  CareMe,
  CareHousehold,
  CallbackList,
} from '@yardguard/firmware-config';

/** Board column order. Checked against the contract's stage type both ways. */
export const workOrderStages = ['requested', 'dispatched', 'accepted', 'supervised', 'verified'] as const satisfies readonly WorkOrderStage[];
type MissingStage = Exclude<WorkOrderStage, (typeof workOrderStages)[number]>;
export const allStagesListed: MissingStage extends never ? true : never = true;

export function nextStage(s: WorkOrderStage): Exclude<WorkOrderStage, 'requested'> | null {
  const i = workOrderStages.indexOf(s);
  return (workOrderStages[i + 1] as Exclude<WorkOrderStage, 'requested'> | undefined) ?? null;
}

export const roleNames = ['admin', 'manager', 'guard', 'installer', 'resident'] as const;
