/**
 * The `emailSimple` invocable action. The local org sends nothing: it records an EmailMessage
 * related to `relatedRecordId` (status Sent) and appends the message to the email outbox, which
 * tests and the companion read through the controls.
 */
import { SalesforceError } from '../errors';
import { normalizeId } from '../ids';
import { cachedStatement } from '../store/database';
import type { OrgState } from '../org-state';
import { ApiRequest, ApiResponse } from './types';

/** One sent email as the outbox keeps it. */
export interface OutboxEmail {
  seq: number;
  sentAt: string;
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  body: string;
  rich: boolean;
  senderType: string;
  senderAddress: string | null;
  recipientId: string | null;
  relatedRecordId: string | null;
  emailTemplateId: string | null;
  emailMessageId: string | null;
  userId: string;
}

const MAX_RECIPIENTS = 150;

const list = (value: unknown): string[] => {
  if (value === undefined || value === null || value === '') return [];
  if (Array.isArray(value))
    return value
      .map(String)
      .map((s) => s.trim())
      .filter(Boolean);
  return String(value)
    .split(/[,;]/)
    .map((s) => s.trim())
    .filter(Boolean);
};

export function describeEmailSimple(): Record<string, unknown> {
  const input = (name: string, type: string, required = false) => ({
    name,
    type,
    required,
    label: name,
    description: name
  });
  return {
    name: 'emailSimple',
    label: 'Send Email',
    type: 'EMAILSIMPLE',
    inputs: [
      input('emailAddresses', 'STRING'),
      input('emailAddressesArray', 'STRING'),
      input('ccRecipientAddressList', 'STRING'),
      input('bccRecipientAddressList', 'STRING'),
      input('emailSubject', 'STRING', true),
      input('emailBody', 'TEXTAREA', true),
      input('senderType', 'STRING'),
      input('senderAddress', 'STRING'),
      input('recipientId', 'REFERENCE'),
      input('relatedRecordId', 'REFERENCE'),
      input('logEmailOnSend', 'BOOLEAN'),
      input('emailTemplateId', 'REFERENCE'),
      input('sendRichBody', 'BOOLEAN'),
      input('useLineBreaks', 'BOOLEAN')
    ],
    outputs: []
  };
}

const success = () => ({
  actionName: 'emailSimple',
  errors: null,
  isSuccess: true,
  outputValues: null,
  sortOrder: -1,
  version: 1,
  invocationId: null,
  outcome: null
});

const failure = (error: SalesforceError) => ({
  actionName: 'emailSimple',
  errors: [{ statusCode: error.errorCode, message: error.message, fields: error.fields }],
  isSuccess: false,
  outputValues: null,
  sortOrder: -1,
  version: 1,
  invocationId: null,
  outcome: null
});

/** Handles `POST /actions/standard/emailSimple` with `{ inputs: [...] }`. */
export function sendEmailSimple(org: OrgState, req: ApiRequest): ApiResponse {
  const body = req.body as { inputs?: unknown } | null;
  if (!body || !Array.isArray(body.inputs) || body.inputs.length === 0) {
    throw new SalesforceError('JSON_PARSER_ERROR', 'inputs must be a non-empty array');
  }
  // One transaction for the request, as an invocable action runs its inputs in bulk; each input is a
  // savepoint inside it, so that one that fails sends nothing and leaves the others be.
  const results = org.store.transaction(() =>
    (body.inputs as Record<string, unknown>[]).map((input) => {
      try {
        org.store.transaction(() => sendOne(org, input ?? {}, req.userId));
        return success();
      } catch (error) {
        if (!(error instanceof SalesforceError)) throw error;
        return failure(error);
      }
    })
  );
  return { status: results.every((r) => !r.isSuccess) ? 400 : 200, body: results };
}

/** Reads a live record's columns, or undefined. */
function liveRecord(org: OrgState, id: string): { object: string; row: Record<string, unknown> } | undefined {
  const object = org.schema.findByPrefix(id.slice(0, 3));
  if (!object) return undefined;
  const row = cachedStatement(
    org.db,
    `SELECT * FROM "${object.name}" WHERE "Id" = ? AND "IsDeleted" = 0`
  ).get(id) as Record<string, unknown> | undefined;
  return row ? { object: object.name, row } : undefined;
}

const invalidReference = (input: string, value: unknown) =>
  new SalesforceError('INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id: ${String(value)}`, [input]);

/**
 * Merges `{!Object.Field}` in a Salesforce email template with the recipient (Lead/Contact), the
 * related record, the sending user (`User`, `Sender`) and the organization. Unknown fields merge as blank,
 * as Salesforce does.
 */
function mergeTemplate(text: string, sources: Record<string, Record<string, unknown> | undefined>): string {
  return text.replace(
    /\{!\s*([A-Za-z_][\w]*)\.([A-Za-z_][\w]*)\s*\}/g,
    (_m, objectName: string, field: string) => {
      const source = sources[objectName.toLowerCase()];
      if (!source) return '';
      const key = Object.keys(source).find((k) => k.toLowerCase() === field.toLowerCase());
      const value = key ? source[key] : null;
      return value === null || value === undefined ? '' : String(value);
    }
  );
}

function sendOne(org: OrgState, input: Record<string, unknown>, userId: string): void {
  const recipientId = input.recipientId ? normalizeId(input.recipientId) : null;
  if (input.recipientId && !recipientId) throw invalidReference('recipientId', input.recipientId);
  const recipient = recipientId ? liveRecord(org, recipientId) : undefined;
  if (recipientId && (!recipient || !['Lead', 'Contact', 'User'].includes(recipient.object))) {
    throw invalidReference('recipientId', recipientId);
  }
  const relatedRecordId = input.relatedRecordId ? normalizeId(input.relatedRecordId) : null;
  if (input.relatedRecordId && !relatedRecordId)
    throw invalidReference('relatedRecordId', input.relatedRecordId);
  const related = relatedRecordId ? liveRecord(org, relatedRecordId) : undefined;
  if (relatedRecordId && !related) throw invalidReference('relatedRecordId', relatedRecordId);
  const user = cachedStatement(org.db, 'SELECT * FROM "User" WHERE "Id" = ?').get(userId) as Record<
    string,
    unknown
  >;

  let subject =
    input.emailSubject === undefined || input.emailSubject === null ? '' : String(input.emailSubject);
  let text = input.emailBody === undefined || input.emailBody === null ? '' : String(input.emailBody);
  let rich = input.sendRichBody === true || input.sendRichBody === 'true';
  const templateId = input.emailTemplateId ? normalizeId(input.emailTemplateId) : null;
  if (input.emailTemplateId) {
    const template = templateId ? liveRecord(org, templateId) : undefined;
    if (!template || template.object !== 'EmailTemplate')
      throw invalidReference('emailTemplateId', input.emailTemplateId);
    const organization = cachedStatement(org.db, 'SELECT * FROM "Organization" LIMIT 1').get() as Record<
      string,
      unknown
    >;
    const sources: Record<string, Record<string, unknown> | undefined> = {
      user,
      sender: user,
      organization,
      ...(recipient ? { [recipient.object.toLowerCase()]: recipient.row, recipient: recipient.row } : {}),
      ...(related ? { [related.object.toLowerCase()]: related.row } : {})
    };
    const html = template.row.HtmlValue ? String(template.row.HtmlValue) : '';
    subject = subject || mergeTemplate(String(template.row.Subject ?? ''), sources);
    if (!text) {
      text = mergeTemplate(html || String(template.row.Body ?? ''), sources);
      rich = rich || html !== '';
    }
  }
  if (!subject) {
    throw new SalesforceError('REQUIRED_FIELD_MISSING', 'Missing required input parameter: emailSubject', [
      'emailSubject'
    ]);
  }
  if (!text)
    throw new SalesforceError('REQUIRED_FIELD_MISSING', 'Missing required input parameter: emailBody', [
      'emailBody'
    ]);

  const to = [
    ...list(input.emailAddresses),
    ...list(input.emailAddressesArray),
    ...list(input.recipientAddresses),
    ...list(input.recipientAddressList)
  ];
  const recipientEmail = recipient?.row.Email ? String(recipient.row.Email) : null;
  if (recipientEmail && !to.includes(recipientEmail)) to.push(recipientEmail);
  const cc = [...list(input.ccRecipientAddressList), ...list(input.ccAddresses)];
  const bcc = [...list(input.bccRecipientAddressList), ...list(input.bccAddresses)];
  if (to.length === 0) {
    throw new SalesforceError('REQUIRED_FIELD_MISSING', 'Missing required input parameter: emailAddresses', [
      'emailAddresses'
    ]);
  }
  const bad = [...to, ...cc, ...bcc].find((a) => !/^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/.test(a));
  if (bad) throw new SalesforceError('INVALID_EMAIL_ADDRESS', `Email address is invalid: ${bad}`, []);
  if (to.length + cc.length + bcc.length > MAX_RECIPIENTS) {
    throw new SalesforceError('LIMIT_EXCEEDED', `Too many recipients: the limit is ${MAX_RECIPIENTS}`, []);
  }

  const senderType = input.senderType ? String(input.senderType) : 'CurrentUser';
  let senderAddress: string | null = user?.Email ? String(user.Email) : null;
  let senderName: string | null = user?.Name ? String(user.Name) : null;
  if (senderType === 'OrgWideEmailAddress') {
    const address = input.senderAddress ? String(input.senderAddress) : '';
    const orgWide = cachedStatement(
      org.db,
      'SELECT "Address", "DisplayName" FROM "OrgWideEmailAddress" WHERE "Address" = ? AND "IsDeleted" = 0'
    ).get(address) as { Address: string; DisplayName: string | null } | undefined;
    if (!orgWide) {
      throw new SalesforceError(
        'INVALID_EMAIL_ADDRESS',
        `senderAddress must be a verified organization-wide email address: ${address}`,
        ['senderAddress']
      );
    }
    senderAddress = orgWide.Address;
    senderName = orgWide.DisplayName;
  }
  org.consumeEmail();

  const now = org.store.nowIso();
  const trusted = { userId, trusted: true };
  // With logEmailOnSend, the email is also logged as a completed email activity on the recipient.
  const logActivity = (input.logEmailOnSend === true || input.logEmailOnSend === 'true') && recipient;
  const activityId = logActivity
    ? org.store.create(
        'Task',
        {
          Subject: `Email: ${subject}`.slice(0, 255),
          Status: 'Completed',
          TaskSubtype: 'Email',
          ActivityDate: now.slice(0, 10),
          Description: text.slice(0, 32000),
          ...(recipient.object === 'User' ? {} : { WhoId: recipientId }),
          ...(related &&
          org.schema.field(org.store.object('Task'), 'WhatId')?.referenceTo.includes(related.object)
            ? { WhatId: relatedRecordId }
            : {})
        },
        trusted
      )
    : null;
  const emailMessageId = org.store.create(
    'EmailMessage',
    {
      Subject: subject,
      ...(rich ? { HtmlBody: text } : { TextBody: text }),
      ToAddress: to.join('; '),
      CcAddress: cc.join('; ') || null,
      BccAddress: bcc.join('; ') || null,
      FromAddress: senderAddress,
      FromName: senderName,
      Status: '3',
      MessageDate: now,
      Incoming: false,
      RelatedToId: relatedRecordId,
      ActivityId: activityId
    },
    trusted
  );
  org.appendEmail({
    sentAt: now,
    to,
    cc,
    bcc,
    subject,
    body: text,
    rich,
    senderType,
    senderAddress,
    recipientId,
    relatedRecordId,
    emailTemplateId: templateId,
    emailMessageId,
    userId
  });
}
