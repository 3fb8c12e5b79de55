/**
 * What every stage of a pass gets: the API, the org's "now", settings, the shared catalog, the send
 * limits, the channels and the counters that become the one-line pass summary.
 */
import type { SalesforceApi } from '../api';
import type { SmsProvider } from '../channels/sms';
import type { WorkerSettings } from '../config';
import type { Logger } from '../logger';
import type { AutoEnrollSync } from './auto-enroll';
import type { Catalog } from './catalog';
import type { EmailChannels } from './channels/email';
import type { LeaseWatch, SliceChoice } from './claim';
import type { ConversationSync } from './conversations';
import type { SendCounters } from './limits';

export interface PassStats {
  admitted: number;
  madeDue: number;
  waiting: number;
  claimed: number;
  emailsSent: number;
  smsSent: number;
  tasksCreated: number;
  completed: number;
  skipped: number;
  deferred: number;
  /** Emails held or deferred because the org's daily email allowance ran out. */
  deferredByLimit: number;
  rescheduled: number;
  failed: number;
  held: number;
  retried: number;
  reconciled: number;
  exited: number;
  /** Sent emails newly marked Replied / Bounced by the conversation sync. */
  /** Sent emails whose first open Salesforce email tracking recorded. */
  opens: number;
  replies: number;
  bounces: number;
  participantsCompleted: number;
  requestsApplied: number;
  fieldUpdates: number;
  /** People enrolled by automatic enrollment (Queued participants created). */
  autoEnrolled: number;
  stageErrors: number;
}

export function emptyStats(): PassStats {
  return {
    admitted: 0,
    madeDue: 0,
    waiting: 0,
    claimed: 0,
    emailsSent: 0,
    smsSent: 0,
    tasksCreated: 0,
    completed: 0,
    skipped: 0,
    deferred: 0,
    deferredByLimit: 0,
    rescheduled: 0,
    failed: 0,
    held: 0,
    retried: 0,
    reconciled: 0,
    exited: 0,
    opens: 0,
    replies: 0,
    bounces: 0,
    participantsCompleted: 0,
    requestsApplied: 0,
    fieldUpdates: 0,
    autoEnrolled: 0,
    stageErrors: 0
  };
}

export interface Channels {
  sms: SmsProvider | null;
  /** Sender number for SMS (E.164). */
  smsFrom: string;
  /** Send-as sessions and the SMTP channel (absent: emailSimple as the integration user). */
  email?: EmailChannels;
}

export interface PassContext {
  api: SalesforceApi;
  now: Date;
  settings: WorkerSettings;
  log: Logger;
  catalog: Catalog;
  counters: SendCounters;
  /** Watermarks of the reply and bounce sync, kept across passes. */
  conversationSync: ConversationSync;
  /** Org-clock speed (virtual ms per real ms): leases and retry delays scale with it. */
  speed: number;
  channels: Channels;
  stats: PassStats;
  signal: AbortSignal;
  /** True when the API budget is above 95 %: only sends and their outcomes run. */
  essentialOnly: boolean;
  /**
   * Ids of records this pass has written. Stages read their rows at the start of the pass (in
   * parallel); a row whose record an earlier stage changed is left for the next pass.
   */
  touched: Set<string>;
  /** Monotonic ms (`performance.now()`) when `now` was read: org time between is extrapolated from it. */
  startedMono: number;
  /** Other workers' open attempts as this process watched them (kept across passes). */
  leaseWatch: LeaseWatch;
  /** Which slice of its due-work reads this worker takes (kept across passes). */
  sliceChoice: SliceChoice;
  /** Where automatic enrollment's reads of changed people continue (kept across passes). */
  autoEnroll: AutoEnrollSync;
  /** Stages that left work for the next pass (a full batch): the loop runs them again at once. */
  followUp?: Set<string>;
}

/** Whether a row read at the start of the pass was changed since by an earlier stage. */
export function isStale(ctx: PassContext, ...ids: Array<string | null | undefined>): boolean {
  return ids.some((id) => !!id && ctx.touched.has(id));
}

/** ISO text Salesforce accepts for a datetime field. */
export function iso(date: Date): string {
  return date.toISOString();
}
