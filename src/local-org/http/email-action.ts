/**
 * The `emailSimple` invocable action. The local org sends nothing: it records an EmailMessage
 * related to `relatedRecordId` (status Sent) and appends the message to the email outbox, which
 * tests and the companion read through the controls.
 */
import { SalesforceError } from '../errors';
import { normalizeId } from '../ids';
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
  const results = (body.inputs as Record<string, unknown>[]).map((input) => {
    try {
      org.store.transaction(() => sendOne(org, input ?? {}, req.userId));
      return success();
    } catch (error) {
      if (!(error instanceof SalesforceError)) throw error;
      return failure(error);
    }
  });
  return { status: results.every((r) => !r.isSuccess) ? 400 : 200, body: results };
}

function sendOne(org: OrgState, input: Record<string, unknown>, userId: string): void {
  let subject = input.emailSubject === undefined ? '' : String(input.emailSubject);
  let text = input.emailBody === undefined ? '' : String(input.emailBody);
  const templateId = input.emailTemplateId ? normalizeId(input.emailTemplateId) : null;
  if (input.emailTemplateId && !templateId) {
    throw new SalesforceError(
      'INVALID_CROSS_REFERENCE_KEY',
      `Invalid emailTemplateId: ${String(input.emailTemplateId)}`,
      ['emailTemplateId']
    );
  }
  if (templateId) {
    const template = org.db
      .prepare(
        'SELECT "Subject", "Body", "HtmlValue" FROM "EmailTemplate" WHERE "Id" = ? AND "IsDeleted" = 0'
      )
      .get(templateId) as
      { Subject: string | null; Body: string | null; HtmlValue: string | null } | undefined;
    if (!template)
      throw new SalesforceError('INVALID_CROSS_REFERENCE_KEY', `Invalid emailTemplateId: ${templateId}`, [
        'emailTemplateId'
      ]);
    subject = subject || template.Subject || '';
    text = text || template.HtmlValue || template.Body || '';
  }
  if (!subject)
    throw new SalesforceError('REQUIRED_FIELD_MISSING', 'Missing required input parameter: emailSubject', [
      'emailSubject'
    ]);
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
  const cc = [...list(input.ccRecipientAddressList), ...list(input.ccAddresses)];
  const bcc = [...list(input.bccRecipientAddressList), ...list(input.bccAddresses)];
  const recipientId = input.recipientId ? normalizeId(input.recipientId) : null;
  if (input.recipientId && !recipientId) {
    throw new SalesforceError(
      'INVALID_CROSS_REFERENCE_KEY',
      `invalid cross reference id: ${String(input.recipientId)}`,
      ['recipientId']
    );
  }
  if (recipientId) {
    const object = org.schema.findByPrefix(recipientId.slice(0, 3));
    const row =
      object && ['Lead', 'Contact', 'User'].includes(object.name)
        ? (org.db
            .prepare(`SELECT "Email" FROM "${object.name}" WHERE "Id" = ? AND "IsDeleted" = 0`)
            .get(recipientId) as { Email: string | null } | undefined)
        : undefined;
    if (!row)
      throw new SalesforceError('INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id: ${recipientId}`, [
        'recipientId'
      ]);
    if (row.Email && !to.includes(row.Email)) to.push(row.Email);
  }
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
  org.consumeEmail();

  const senderType = input.senderType ? String(input.senderType) : 'CurrentUser';
  const user = org.db.prepare('SELECT "Name", "Email" FROM "User" WHERE "Id" = ?').get(userId) as
    { Name: string; Email: string } | undefined;
  const senderAddress =
    senderType === 'OrgWideEmailAddress'
      ? input.senderAddress
        ? String(input.senderAddress)
        : null
      : (user?.Email ?? null);
  if (senderType === 'OrgWideEmailAddress' && !senderAddress) {
    throw new SalesforceError('REQUIRED_FIELD_MISSING', 'Missing required input parameter: senderAddress', [
      'senderAddress'
    ]);
  }
  const relatedRecordId = input.relatedRecordId ? normalizeId(input.relatedRecordId) : null;
  if (input.relatedRecordId && !relatedRecordId) {
    throw new SalesforceError(
      'INVALID_CROSS_REFERENCE_KEY',
      `invalid cross reference id: ${String(input.relatedRecordId)}`,
      ['relatedRecordId']
    );
  }
  const rich = input.sendRichBody === true || input.sendRichBody === 'true';
  const emailMessageId = org.store.create(
    'EmailMessage',
    {
      Subject: subject,
      ...(rich ? { HtmlBody: text } : { TextBody: text }),
      ToAddress: to.join('; '),
      CcAddress: cc.join('; ') || null,
      BccAddress: bcc.join('; ') || null,
      FromAddress: senderAddress,
      FromName: user?.Name ?? null,
      Status: '3',
      MessageDate: org.store.nowIso(),
      Incoming: false,
      RelatedToId: relatedRecordId
    },
    { userId, trusted: true }
  );
  org.appendEmail({
    sentAt: org.store.nowIso(),
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
