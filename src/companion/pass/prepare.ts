/**
 * Send-time preparation of one due action (reliability.md §0.3: compliance is checked at send time,
 * not at schedule time): is the person still there and reachable, does the content render, is the
 * owner able to act, do the limits allow it now. The result is either a message ready to claim and
 * send, or what to do instead (exit, fail, hold, fall back to manual) with its reason code.
 */
import { emailHeaderProblem } from '../channels/email-input';
import type { ReasonCode } from '../../core/constants';
import { checkEligibility, eligibilityDisposition } from '../../core/eligibility';
import { isValidMobile, normalizeMobile } from '../../core/mobile';
import { taskDefaults } from '../../core/taskDefaults';
import { smsQuietHours } from '../../core/throughput';
import { templateFieldRefusals } from '../../core/fieldAllowList';
import { mergeFieldPaths, renderTemplate, validateTemplate, type TemplateValues } from '../../core/templates';
import { assignLiveVariant } from '../../core/variants';
import {
  parseSfDate,
  personOf,
  type ActionVariantRecord,
  type ParticipantActionRecord,
  type PersonRecord,
  type SequenceActionRecord
} from '../model';
import type { PassContext } from './context';
import { planActionFieldUpdates } from './field-updates';
import { fieldUpdateSaverRefusals, templateSaverRefusal } from './saver-access';

/** Where a template's text comes from, and who last saved it. */
interface TemplateSource {
  kind: string;
  name?: string | null;
  id: string;
  savedBy: string | null | undefined;
}

/** The saved record a template text came from: the rep's draft (none), the variant, the SMS template or the step. */
function templateSource(
  draft: boolean,
  variant: ActionVariantRecord | undefined,
  action: SequenceActionRecord | undefined,
  smsTemplate = false
): TemplateSource | undefined {
  if (draft) return undefined;
  if (variant)
    return {
      kind: 'Action variant',
      name: variant.Variant_Key__c,
      id: variant.Id,
      savedBy: variant.LastModifiedById
    };
  if (smsTemplate && action?.SMS_Template__c)
    return {
      kind: 'SMS template',
      id: action.SMS_Template__c,
      savedBy: action.SMS_Template__r?.LastModifiedById
    };
  return action
    ? { kind: 'Sequence action', name: action.Name, id: action.Id, savedBy: action.LastModifiedById }
    : undefined;
}
import { contextObjectOf } from '../../core/participantContext';

export type WorkKind = 'email' | 'sms' | 'task';

export interface EmailContent {
  to: string;
  subject: string;
  body: string;
  cc: string[];
  bcc: string[];
  /** A Salesforce email template (`Email_Template_Id__c`): Salesforce renders subject and body. */
  templateId?: string;
  /**
   * The rep addressed it to someone else (Draft_To__c): the person is not the recipient
   * (`recipientId` would send it to them as well); the email is still logged on the action.
   */
  readdressed?: boolean;
}

export interface SmsContent {
  to: string;
  body: string;
}

export interface TaskContent {
  subject: string;
  priority: string;
  ownerId: string | null;
  activityDate: string;
}

/** What every prepared action carries, whatever its channel. */
interface PreparedBase {
  pa: ParticipantActionRecord;
  action: SequenceActionRecord | undefined;
  person: { object: 'Lead' | 'Contact'; id: string; record: PersonRecord };
  ownerId: string | null;
  /** A rep's "send now" from a composer rather than an automatic send. */
  requested: boolean;
  /** The A/B variant whose content is sent (recorded as Variant__c), when the step is a test. */
  variant?: string;
}

export type PreparedEmail = PreparedBase & { kind: 'email'; email: EmailContent };
export type PreparedSms = PreparedBase & { kind: 'sms'; sms: SmsContent };
export type PreparedTask = PreparedBase & { kind: 'task'; task: TaskContent };

/** A due action ready to claim and execute: one shape per channel. */
export type Prepared = PreparedEmail | PreparedSms | PreparedTask;

/** What to do instead of sending. */
export type Diversion =
  | { do: 'exit'; reason: ReasonCode; detail: string }
  | { do: 'fail'; reason: ReasonCode; detail: string }
  | { do: 'skip'; reason: ReasonCode; detail: string }
  | { do: 'manual'; reason: ReasonCode; detail: string }
  | { do: 'hold'; reason: ReasonCode; until: Date; detail: string }
  | { do: 'later' };

export type Preparation = { ok: true; value: Prepared } | { ok: false; diversion: Diversion };

function kindOf(pa: ParticipantActionRecord): WorkKind | null {
  if (pa.Type__c === 'Email') return 'email';
  if (pa.Type__c === 'SMS') return 'sms';
  if (pa.Type__c === 'Task') return 'task';
  return null;
}

function splitAddresses(text: string | null | undefined): string[] {
  return (text ?? '')
    .split(/[,;]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Renders subject or body; a syntax or field error becomes BAD_MERGE_SYNTAX (the action falls back to manual). */
function render(
  ctx: PassContext,
  template: string,
  values: TemplateValues,
  recipientObject: string,
  format: 'html' | 'text',
  /** The record the admin saved the template in (absent: a rep's own draft, sent as the rep). */
  source?: TemplateSource
): { ok: true; text: string } | { ok: false; detail: string } {
  if (Object.keys(ctx.catalog.describes).length > 0) {
    // Opportunity and Campaign sequences put that record among the values (prepare): a root too.
    const relatedObject = ['Opportunity', 'Campaign'].find((root) => values[root]);
    const valid = validateTemplate(template, ctx.catalog.describes, { recipientObject, relatedObject });
    if (!valid.ok) return { ok: false, detail: valid.error.map((e) => e.message).join('; ') };
  }
  // Merge fields read only what the field allow-list lets Stride read.
  const refused = templateFieldRefusals(ctx.catalog.fieldAllowList, template, recipientObject);
  if (refused.length > 0) return { ok: false, detail: refused.join('; ') };
  // …and only what the admin who saved the template may read.
  const saverRefused = source
    ? templateSaverRefusal(ctx.catalog, source, mergeFieldPaths(template), recipientObject)
    : null;
  if (saverRefused) return { ok: false, detail: saverRefused };
  const rendered = renderTemplate(template, values, { format });
  if (!rendered.ok) return { ok: false, detail: rendered.error.map((e) => e.message).join('; ') };
  return { ok: true, text: rendered.value.text };
}

/**
 * Checks one due action at send time and builds its content.
 *
 * @example
 * prepare(ctx, pa) // a Lead that converted since scheduling
 * //=> { ok: false, diversion: { do: 'exit', reason: 'LEAD_CONVERTED', detail: 'The lead was converted' } }
 */
export function prepare(ctx: PassContext, pa: ParticipantActionRecord): Preparation {
  const kind = kindOf(pa);
  if (!kind)
    return {
      ok: false,
      diversion: { do: 'manual', reason: 'NOT_ACTIONABLE', detail: `${pa.Type__c} actions are done by reps` }
    };
  const participant = pa.Participant__r;
  const found = personOf(participant);
  const requested = pa.Requested_Outcome__c === 'Send';
  const action = pa.Sequence_Action__c ? ctx.catalog.actions.get(pa.Sequence_Action__c) : undefined;
  if (pa.Sequence_Action__c && !action) {
    // A step created after the catalog was loaded (a brand-new sequence): reload, send next pass.
    ctx.catalog.invalidate();
    return { ok: false, diversion: { do: 'later' } };
  }
  // A manual email goes where the rep addressed it (Draft_To__c), else to the person's Email.
  const chosenTo = requested && pa.Type__c === 'Email' ? pa.Draft_To__c?.trim() || null : null;
  // Send-time eligibility is the core's rule (deleted, converted, opt-out, address, mobile).
  const ineligible = checkEligibility({
    type: pa.Type__c,
    record: found?.record && chosenTo ? { ...found.record, Email: chosenTo } : (found?.record ?? null),
    mobileValidator: isValidMobile,
    defaultRegion: ctx.settings.defaultRegion
  });
  if (ineligible || !found || !found.record) {
    const reason = ineligible ?? 'RECORD_DELETED';
    const detail = DETAILS[reason] ?? reason;
    // Opted out of email: the email is skipped and calls, SMS and tasks go on, unless the sequence is
    // set to exit on email opt-out. Do Not Call and a bad mobile only skip that action.
    const sequence = participant ? ctx.catalog.sequences.get(participant.Sequence__c) : undefined;
    const disposition =
      reason === 'EMAIL_OPT_OUT' && sequence?.Exit_On_Email_Opt_Out__c === true
        ? 'exit'
        : eligibilityDisposition(reason);
    return {
      ok: false,
      diversion: {
        do: disposition,
        reason,
        detail:
          reason === 'LEAD_CONVERTED' && found?.record?.ConvertedContactId
            ? `${detail} (contact ${found.record.ConvertedContactId})`
            : detail
      }
    };
  }
  const person = found.record;
  const ownerId = pa.Assigned_To__c ?? (person.OwnerId as string | null) ?? null;
  const owner = ownerId ? ctx.catalog.users.get(ownerId) : undefined;
  if (owner && owner.IsActive === false) {
    return {
      ok: false,
      diversion: {
        do: 'manual',
        reason: 'NOT_ACTIONABLE',
        detail: `The owner ${owner.Name ?? ownerId} is inactive; reassign the action`
      }
    };
  }
  // A required field update that cannot be applied is found before the email goes out, not after.
  const fieldUpdateProblem = requiredFieldUpdateProblem(ctx, action, found.object);
  if (fieldUpdateProblem)
    return {
      ok: false,
      diversion: { do: 'fail', reason: 'FIELD_UPDATE_FAILED', detail: fieldUpdateProblem }
    };
  const context = contextObjectOf(
    ctx.catalog.sequences.get(participant?.Sequence__c ?? '')?.Target_Object__c
  );
  const values: TemplateValues = {
    Recipient: person,
    [found.object]: person,
    Sender: (owner as unknown as Record<string, unknown>) ?? null,
    // {!Opportunity.Name} / {!Campaign.Name}: the record the participant was enrolled through.
    ...(context
      ? {
          [context]:
            (context === 'Opportunity' ? participant?.Opportunity__r : participant?.Campaign__r) ?? {}
        }
      : {})
  };
  // An A/B test: the participant's variant (kept once recorded, else assigned by the core) gives the content.
  const variant = variantOf(pa, action);
  const base: PreparedBase = {
    pa,
    action,
    person: { object: found.object, id: found.id, record: person },
    ownerId,
    requested,
    ...(variant ? { variant: variant.Variant_Key__c } : {})
  };

  if (kind === 'email') {
    const to = chosenTo ?? String(person.Email).trim();
    const subjectTemplate =
      (requested && pa.Draft_Subject__c) || variant?.Subject__c || action?.Subject__c || '';
    const bodyTemplate = (requested && pa.Draft_Body__c) || variant?.Body__c || action?.Body__c || '';
    // No body of its own but a Salesforce email template: emailSimple renders the template for the
    // recipient (recipientId) and the participant action (relatedRecordId).
    const templateId = bodyTemplate.trim() ? undefined : action?.Email_Template_Id__c?.trim() || undefined;
    if (!bodyTemplate.trim() && !templateId)
      return {
        ok: false,
        diversion: {
          do: 'manual',
          reason: 'EMPTY_EMAIL_BODY',
          detail: 'The email has no body; write one and send it from Engage'
        }
      };
    const subject = templateId
      ? { ok: true as const, text: '' }
      : render(
          ctx,
          subjectTemplate,
          values,
          found.object,
          'text',
          templateSource(
            !!(requested && pa.Draft_Subject__c),
            variant?.Subject__c ? variant : undefined,
            action
          )
        );
    if (!subject.ok)
      return {
        ok: false,
        diversion: { do: 'manual', reason: 'BAD_MERGE_SYNTAX', detail: `Subject: ${subject.detail}` }
      };
    const body = templateId
      ? { ok: true as const, text: '' }
      : render(
          ctx,
          bodyTemplate,
          values,
          found.object,
          'html',
          templateSource(!!(requested && pa.Draft_Body__c), variant?.Body__c ? variant : undefined, action)
        );
    if (!body.ok)
      return {
        ok: false,
        diversion: { do: 'manual', reason: 'BAD_MERGE_SYNTAX', detail: `Body: ${body.detail}` }
      };
    const cc = splitAddresses((requested && pa.Draft_Cc__c) || action?.Cc__c);
    const bcc = splitAddresses((requested && pa.Draft_Bcc__c) || action?.Bcc__c);
    // Line breaks would add headers on channels that write MIME: refused, never stripped.
    const headers = emailHeaderProblem({ to, subject: subject.text, cc, bcc });
    if (headers)
      return {
        ok: false,
        diversion:
          headers.field === 'to'
            ? { do: 'skip', reason: 'INVALID_EMAIL_ADDRESS', detail: headers.message }
            : {
                do: 'manual',
                reason: headers.field === 'subject' ? 'NOT_ACTIONABLE' : 'INVALID_EMAIL_ADDRESS',
                detail: headers.message
              }
      };
    const readdressed =
      !!chosenTo &&
      chosenTo.toLowerCase() !==
        String(person.Email ?? '')
          .trim()
          .toLowerCase();
    return {
      ok: true,
      value: {
        ...base,
        kind,
        email: {
          to,
          subject: subject.text,
          body: body.text,
          cc,
          bcc,
          readdressed,
          ...(templateId ? { templateId } : {})
        }
      }
    };
  }

  if (kind === 'sms') {
    const mobile = normalizeMobile(String(person.MobilePhone), ctx.settings.defaultRegion);
    if (!mobile.ok)
      return { ok: false, diversion: { do: 'skip', reason: 'INVALID_MOBILE', detail: mobile.error.message } };
    const quiet = smsQuietHours({
      at: ctx.now,
      recipientTimeZone: participant?.Time_Zone__c,
      fallbackTimeZone: ctx.settings.defaultTimeZone,
      window: ctx.settings.smsWindow
    });
    if (quiet.ok && !quiet.value.allowed) {
      const until = quiet.value.nextAllowedAt;
      return {
        ok: false,
        diversion: {
          do: 'hold',
          reason: 'QUIET_HOURS',
          until,
          detail: `Quiet hours; deferred until ${until.toISOString()}`
        }
      };
    }
    const template =
      (requested && pa.Draft_Body__c) ||
      variant?.Body__c ||
      action?.SMS_Template__r?.Body__c ||
      action?.Body__c ||
      '';
    if (!template.trim())
      return {
        ok: false,
        diversion: { do: 'manual', reason: 'EMPTY_EMAIL_BODY', detail: 'The SMS has no text' }
      };
    const body = render(
      ctx,
      template,
      values,
      found.object,
      'text',
      templateSource(
        !!(requested && pa.Draft_Body__c),
        variant?.Body__c ? variant : undefined,
        action,
        !!action?.SMS_Template__r?.Body__c
      )
    );
    if (!body.ok)
      return { ok: false, diversion: { do: 'manual', reason: 'BAD_MERGE_SYNTAX', detail: body.detail } };
    if (!ctx.channels.sms)
      return {
        ok: false,
        diversion: { do: 'manual', reason: 'NOT_ACTIONABLE', detail: 'No SMS provider is configured' }
      };
    return { ok: true, value: { ...base, kind, sms: { to: mobile.value, body: body.text } } };
  }

  // Task: subject, priority and date follow the core's defaults, in the owner's zone.
  const fields = taskDefaults(action ?? { Name: 'Task' }, {
    ownerTimeZone: owner?.TimeZoneSidKey || ctx.settings.defaultTimeZone,
    dueAt: parseSfDate(pa.Due_At__c) ?? ctx.now,
    now: ctx.now
  });
  if (!fields.ok)
    return { ok: false, diversion: { do: 'manual', reason: 'NOT_ACTIONABLE', detail: fields.error.message } };
  return {
    ok: true,
    value: {
      ...base,
      kind: 'task',
      task: {
        subject: fields.value.Subject,
        priority: fields.value.Priority,
        ownerId,
        activityDate: fields.value.ActivityDate
      }
    }
  };
}

/**
 * The A/B variant of an Email or SMS step for this participant: the one already recorded on the
 * action (re-running a pass never changes it), else the core's deterministic assignment among the
 * variants the admin has not ended. Undefined when the step is not a test.
 */
export function variantOf(
  pa: ParticipantActionRecord,
  action: SequenceActionRecord | undefined
): ActionVariantRecord | undefined {
  const variants = action?.Variants__r?.records ?? [];
  if (variants.length === 0 || !action) return undefined;
  const key =
    pa.Variant__c ||
    assignLiveVariant(
      pa.Participant__c,
      action.Id,
      variants.map((v) => ({
        key: v.Variant_Key__c,
        splitPercent: v.Split_Percent__c ?? 0,
        ended: v.Ended__c === true
      }))
    );
  return variants.find((v) => v.Variant_Key__c === key);
}

/** Why the action's required field updates cannot be applied to this kind of record, or null. */
function requiredFieldUpdateProblem(
  ctx: PassContext,
  action: SequenceActionRecord | undefined,
  object: 'Lead' | 'Contact'
): string | null {
  const text = action?.Field_Updates__c;
  if (!action?.Field_Updates_Required__c || !text || !text.trim()) return null;
  if (!ctx.catalog.describes[object]) return null;
  const target = ctx.catalog.sequences.get(action.Sequence__c)?.Target_Object__c;
  const plan = planActionFieldUpdates(ctx, text, object, target);
  const problems = plan.ok
    ? fieldUpdateSaverRefusals(
        ctx.catalog,
        action,
        Object.entries(plan.value).map(([name, values]) => ({
          object: name === 'Person' ? object : name,
          fields: Object.keys(values as Record<string, unknown>)
        }))
      )
    : plan.error.map((e) => e.message);
  return problems.length === 0
    ? null
    : `Required field update cannot be applied (checked before sending): ${problems.join('; ')}`;
}

const DETAILS: Partial<Record<ReasonCode, string>> = {
  RECORD_DELETED: 'The lead or contact was deleted',
  LEAD_CONVERTED: 'The lead was converted',
  EMAIL_OPT_OUT: 'The recipient opted out of email',
  BLANK_EMAIL_ADDRESS: 'The recipient has no email address',
  INVALID_EMAIL_ADDRESS: 'The recipient email address is not valid',
  EMPTY_EMAIL_BODY: 'The email has no body; write one and send it from Engage',
  DO_NOT_CALL: 'The recipient asked not to be called',
  SMS_OPT_OUT: 'The recipient opted out of SMS (STOP)',
  INVALID_MOBILE: 'The recipient has no valid mobile number'
};
