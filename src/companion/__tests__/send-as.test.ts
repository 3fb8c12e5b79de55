/**
 * Email goes out as the rep: the companion mints a session per sending user through the JWT bearer
 * flow of the local org's connected app, falls back to the Org-Wide Email Address (or holds the
 * action) for a rep the app is not pre-authorised for, and sends SMTP-channel reps' email from their
 * own mailbox through the local org's SMTP server, logged as an EmailMessage and reconciled by
 * Message-ID when the send's outcome is unknown.
 */
import type { LocalOrg } from '../../local-org';
import { messageIdFor, parseMailboxes } from '../channels/smtp';
import { referencedMessageIds } from '../pass/conversations';
import { companionFor, seedEmailScenario, startTestOrg } from './helpers';

jest.setTimeout(60_000);

const NOW = '2026-12-01T15:00:00.000+0000';
const HOUR_LATER = '2026-12-01T16:00:00.000+0000';

function user(org: LocalOrg, name: string): string {
  const id = org.data.create('User', {
    Username: `${name}@stride.test`,
    FirstName: name[0].toUpperCase() + name.slice(1),
    LastName: 'Rep',
    Email: `${name}@stride.test`,
    TimeZoneSidKey: 'Europe/London',
    IsActive: true
  });
  const agent = org.data.query("SELECT Id FROM PermissionSet WHERE Name = 'Stride_Agent'").records[0] as {
    Id: string;
  };
  org.data.create('PermissionSetAssignment', { AssigneeId: id, PermissionSetId: agent.Id });
  return id;
}

/** The email scenario with the people and their actions owned by the rep, as the rep's work is. */
function seed(org: LocalOrg, options: Parameters<typeof seedEmailScenario>[1]) {
  const scenario = seedEmailScenario(org, options);
  scenario.participantIds.forEach((id) =>
    org.data.update('Sequence_Participant__c', id, { OwnerId: options.ownerId })
  );
  scenario.emailActionIds.forEach((id) =>
    org.data.update('Participant_Action__c', id, { OwnerId: options.ownerId })
  );
  return scenario;
}

function sendAs(org: LocalOrg, orgWideAddress: string | null = null) {
  return {
    clientId: org.clientId,
    loginUrl: org.loginUrl,
    privateKey: org.connectedApp.privateKey!,
    orgWideAddress
  };
}

describe('sending as the rep (JWT bearer)', () => {
  let org: LocalOrg;
  let ava: string;
  let ben: string;

  beforeEach(async () => {
    org = await startTestOrg({ connectedApp: { preAuthorizedUsernames: ['ava@stride.test'] } });
    ava = user(org, 'ava');
    ben = user(org, 'ben');
    org.data.create('OrgWideEmailAddress', { Address: 'sales@acme.test', DisplayName: 'Acme Sales' });
  });
  afterEach(() => org.close());

  it("sends an automatic email of Ava's action as Ava: the outbox and the EmailMessage are hers", async () => {
    const scenario = seed(org, { count: 1, ownerId: ava, body: '<p>From {!Sender.Name}</p>' });
    await companionFor(org, { email: { sendAs: sendAs(org) } }).runOnce();
    const outbox = org.controls.emailOutbox();
    expect(outbox.map((e) => [e.userId, e.senderType, e.senderAddress, e.body])).toEqual([
      [ava, 'CurrentUser', 'ava@stride.test', '<p>From Ava Rep</p>']
    ]);
    expect(
      org.data.query(
        `SELECT CreatedById, RelatedToId, FromAddress FROM EmailMessage WHERE RelatedToId = '${scenario.emailActionIds[0]}'`
      ).records
    ).toEqual([
      expect.objectContaining({
        CreatedById: ava,
        RelatedToId: scenario.emailActionIds[0],
        FromAddress: 'ava@stride.test'
      })
    ]);
    const pa = org.data.query(
      `SELECT Status__c FROM Participant_Action__c WHERE Id = '${scenario.emailActionIds[0]}'`
    ).records[0] as { Status__c: string };
    expect(pa.Status__c).toBe('Completed');
  });

  it('sends from the Org-Wide Email Address for a rep who is not pre-authorised, when one is configured', async () => {
    seed(org, { count: 1, ownerId: ben });
    await companionFor(org, { email: { sendAs: sendAs(org, 'sales@acme.test') } }).runOnce();
    expect(org.controls.emailOutbox().map((e) => [e.userId, e.senderType, e.senderAddress])).toEqual([
      [org.userId, 'OrgWideEmailAddress', 'sales@acme.test']
    ]);
  });

  it('holds the action an hour, with the reason, for a rep who is not pre-authorised and no fallback', async () => {
    const scenario = seed(org, { count: 1, ownerId: ben });
    await companionFor(org, { email: { sendAs: sendAs(org) } }).runOnce();
    expect(org.controls.emailOutbox()).toEqual([]);
    const pa = org.data.query(
      `SELECT Status__c, Due_At__c, Reason__c, Reason_Detail__c FROM Participant_Action__c WHERE Id = '${scenario.emailActionIds[0]}'`
    ).records[0];
    expect(pa).toEqual(
      expect.objectContaining({
        Status__c: 'Due',
        Due_At__c: HOUR_LATER,
        Reason__c: 'NOT_ACTIONABLE',
        Reason_Detail__c:
          'Ben Rep (ben@stride.test) is not pre-authorised for the Stride connected app (invalid_grant). An admin pre-authorises the user (Stride permission set on the connected app) or configures an org-wide email address'
      })
    );
  });

  it('holds the email when the key does not match the connected app certificate (invalid_grant)', async () => {
    const scenario = seed(org, { count: 1, ownerId: ava });
    const { generateKeyPairSync } = await import('node:crypto');
    const wrong = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    await companionFor(org, { email: { sendAs: { ...sendAs(org), privateKey: wrong } } }).runOnce();
    expect(org.controls.emailOutbox()).toEqual([]);
    const pa = org.data.query(
      `SELECT Due_At__c, Reason_Detail__c FROM Participant_Action__c WHERE Id = '${scenario.emailActionIds[0]}'`
    ).records[0] as { Due_At__c: string; Reason_Detail__c: string };
    // Not a refusal of the user: tried again on a later pass, not held for an hour.
    expect(pa.Due_At__c).toBe(NOW);
  });
});

describe('pre-authorised by permission set', () => {
  let org: LocalOrg;
  afterEach(() => org.close());

  it("sends as a rep whose permission set is assigned to the connected app; another rep's email goes out from the Org-Wide Email Address", async () => {
    org = await startTestOrg({ connectedApp: { permissionSetNames: ['Stride_Admin'] } });
    const ava = user(org, 'ava');
    const ben = user(org, 'ben');
    const adminSet = (
      org.data.query("SELECT Id FROM PermissionSet WHERE Name = 'Stride_Admin'").records[0] as { Id: string }
    ).Id;
    org.data.create('PermissionSetAssignment', { AssigneeId: ava, PermissionSetId: adminSet });
    org.data.create('OrgWideEmailAddress', { Address: 'sales@acme.test', DisplayName: 'Acme Sales' });
    seed(org, { count: 1, ownerId: ava });
    seed(org, { count: 1, ownerId: ben });
    await companionFor(org, { email: { sendAs: sendAs(org, 'sales@acme.test') } }).runOnce();
    expect(
      org.controls
        .emailOutbox()
        .map((e) => [e.userId, e.senderType, e.senderAddress])
        .sort()
    ).toEqual(
      [
        [ava, 'CurrentUser', 'ava@stride.test'],
        [org.userId, 'OrgWideEmailAddress', 'sales@acme.test']
      ].sort()
    );
  });
});

describe('the SMTP channel', () => {
  let org: LocalOrg;
  let ava: string;

  beforeEach(async () => {
    org = await startTestOrg({
      connectedApp: { preAuthorizedUsernames: ['ava@stride.test'] },
      smtp: { users: ['ava@acme.test'] }
    });
    ava = user(org, 'ava');
  });
  afterEach(() => org.close());

  const mailboxes = () =>
    parseMailboxes(
      {
        channel: 'salesforce',
        smtp: { host: '127.0.0.1', port: org.smtp!.port, secure: false },
        users: {
          'ava@stride.test': { channel: 'smtp', address: 'ava@acme.test', accessToken: 'ya29.test-token' }
        }
      },
      'test mailboxes'
    );

  const attemptKey = (paId: string) =>
    (
      org.data.query(`SELECT Key__c FROM Action_Attempt__c WHERE Participant_Action__c = '${paId}'`)
        .records[0] as {
        Key__c: string;
      }
    ).Key__c;

  it("delivers from the rep's mailbox with XOAUTH2 and logs the EmailMessage as the rep", async () => {
    const scenario = seed(org, { count: 1, ownerId: ava, subject: 'Hi {!Recipient.FirstName}' });
    await companionFor(org, { email: { sendAs: sendAs(org), mailboxes: mailboxes() } }).runOnce();
    const paId = scenario.emailActionIds[0];
    const messageId = messageIdFor(attemptKey(paId), 'ava@acme.test');
    expect(org.controls.emailOutbox()).toEqual([]);
    expect(
      org.smtp!.outbox().map((m) => [m.user, m.mailFrom, m.rcptTo, m.subject, m.messageId, m.from])
    ).toEqual([
      [
        'ava@acme.test',
        'ava@acme.test',
        ['lee0@example.com'],
        'Hi Lee0',
        messageId,
        'Ava Rep <ava@acme.test>'
      ]
    ]);
    expect(
      org.data.query(
        `SELECT CreatedById, Status, MessageIdentifier, ToAddress, FromAddress, Incoming, ActivityId FROM EmailMessage WHERE RelatedToId = '${paId}'`
      ).records
    ).toEqual([
      expect.objectContaining({
        CreatedById: ava,
        Status: '3',
        MessageIdentifier: messageId,
        ToAddress: 'lee0@example.com',
        FromAddress: 'ava@acme.test',
        Incoming: false
      })
    ]);
    expect(
      org.data.query(
        `SELECT WhoId, OwnerId, TaskSubtype, Status FROM Task WHERE WhoId = '${scenario.leadIds[0]}'`
      ).records
    ).toEqual([
      expect.objectContaining({
        WhoId: scenario.leadIds[0],
        OwnerId: ava,
        TaskSubtype: 'Email',
        Status: 'Completed'
      })
    ]);
    expect(
      org.data.query(`SELECT Outcome__c FROM Action_Attempt__c WHERE Participant_Action__c = '${paId}'`)
        .records
    ).toEqual([expect.objectContaining({ Outcome__c: 'Sent' })]);
  });

  it('matches a reply by its In-Reply-To header to the Conversation of the email it answers', async () => {
    const scenario = seed(org, { count: 1, ownerId: ava });
    const companion = companionFor(org, { email: { sendAs: sendAs(org), mailboxes: mailboxes() } });
    await companion.runOnce();
    const paId = scenario.emailActionIds[0];
    const messageId = messageIdFor(attemptKey(paId), 'ava@acme.test');
    // Replied from another address, not related to anything: only the header ties it.
    org.data.create('EmailMessage', {
      Subject: 'Re: Hello',
      TextBody: 'Sounds good',
      FromAddress: 'lee.personal@example.org',
      ToAddress: 'ava@acme.test',
      Incoming: true,
      Status: '0',
      MessageDate: '2026-12-01T15:00:00.000Z',
      Headers: `Message-ID: <reply-1@example.org>\r\nIn-Reply-To: ${messageId}\r\nReferences: ${messageId}`
    });
    await companion.runOnce();
    expect(
      org.data.query(
        `SELECT Direction__c, Status__c, Participant_Action__c FROM Conversation__c ORDER BY Direction__c`
      ).records
    ).toEqual([
      expect.objectContaining({
        Direction__c: 'Inbound',
        Status__c: 'Completed',
        Participant_Action__c: paId
      }),
      expect.objectContaining({ Direction__c: 'Outbound', Status__c: 'Replied', Participant_Action__c: paId })
    ]);
  });

  it('sends exactly once when the connection drops after the message went out (found by Message-ID)', async () => {
    const scenario = seed(org, { count: 1, ownerId: ava });
    org.smtp!.failNext('after-accept');
    await companionFor(org, { email: { sendAs: sendAs(org), mailboxes: mailboxes() } }).runOnce();
    const paId = scenario.emailActionIds[0];
    const messageId = messageIdFor(attemptKey(paId), 'ava@acme.test');
    expect(org.smtp!.outbox().map((m) => m.messageId)).toEqual([messageId]);
    expect(
      org.data.query(`SELECT Outcome__c FROM Action_Attempt__c WHERE Participant_Action__c = '${paId}'`)
        .records
    ).toEqual([expect.objectContaining({ Outcome__c: 'Sent' })]);
    expect(
      org.data.query(`SELECT MessageIdentifier FROM EmailMessage WHERE RelatedToId = '${paId}'`).records
    ).toEqual([expect.objectContaining({ MessageIdentifier: messageId })]);
  });

  it('retries a message the server never got, and holds In_Doubt when the mailbox cannot be asked', async () => {
    const scenario = seed(org, { count: 2, ownerId: ava });
    org.smtp!.failNext('before-accept');
    await companionFor(org, { email: { sendAs: sendAs(org), mailboxes: mailboxes() } }).runOnce();
    const [first] = scenario.emailActionIds;
    expect(
      org.data.query(`SELECT Outcome__c FROM Action_Attempt__c WHERE Participant_Action__c = '${first}'`)
        .records
    ).toEqual([expect.objectContaining({ Outcome__c: 'Released' })]);

    const other = seed(org, { count: 1, ownerId: ava });
    org.smtp!.failNext('after-accept');
    await companionFor(org, {
      email: { sendAs: sendAs(org), mailboxes: mailboxes(), probe: null }
    }).runOnce();
    const paId = other.emailActionIds[0];
    const messageId = messageIdFor(attemptKey(paId), 'ava@acme.test');
    expect(
      org.data.query(
        `SELECT Activation__c, Reason__c, Reason_Detail__c FROM Participant_Action__c WHERE Id = '${paId}'`
      ).records[0]
    ).toEqual(
      expect.objectContaining({
        Activation__c: 'Manual',
        Reason__c: 'SEND_FAILED',
        Reason_Detail__c: `The email may have been sent from ava@acme.test (Message-ID ${messageId}); check the sent folder before sending again.`
      })
    );
    expect(
      org.data.query(`SELECT Outcome__c FROM Action_Attempt__c WHERE Participant_Action__c = '${paId}'`)
        .records
    ).toEqual([expect.objectContaining({ Outcome__c: 'In_Doubt' })]);
  });

  describe('a worker killed between the SMTP accept and the Salesforce log', () => {
    const LEASE = { leaseSeconds: 2 };
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const attemptsOf = (paId: string) =>
      org.data.query(
        `SELECT Outcome__c, Error__c FROM Action_Attempt__c WHERE Participant_Action__c = '${paId}' ORDER BY CreatedDate`
      ).records as Array<{ Outcome__c: string | null; Error__c: string | null }>;

    /** A worker that dies once `dead()` holds: none of its writes reach the org from then on. */
    async function dyingWorker(dead: () => boolean) {
      const worker = companionFor(org, {
        email: { sendAs: sendAs(org), mailboxes: mailboxes() },
        api: {
          beforeWrite: () => {
            if (dead()) throw new Error('worker killed');
          }
        },
        onPass: () => undefined,
        settings: LEASE
      });
      await worker.runOnce().catch(() => undefined);
    }

    /** A fresh worker watches the dead one's attempt for a whole lease, then reconciles it. */
    async function nextWorker(probe?: null) {
      const worker = companionFor(org, {
        email: { sendAs: sendAs(org), mailboxes: mailboxes(), ...(probe === null ? { probe: null } : {}) },
        settings: LEASE
      });
      await worker.runOnce();
      await sleep(2_200);
      await worker.runOnce();
      await worker.runOnce();
    }

    it('finds the message in the mailbox by its Message-ID, logs it and completes the action: sent once', async () => {
      const scenario = seed(org, { count: 1, ownerId: ava, subject: 'Hi {!Recipient.FirstName}' });
      const paId = scenario.emailActionIds[0];
      await dyingWorker(() => org.smtp!.outbox().length > 0);
      const messageId = messageIdFor(attemptKey(paId), 'ava@acme.test');
      expect(org.smtp!.outbox().map((m) => m.messageId)).toEqual([messageId]);
      expect(org.data.query(`SELECT Id FROM EmailMessage WHERE RelatedToId = '${paId}'`).records).toEqual([]);

      await nextWorker();
      expect(org.smtp!.outbox().map((m) => m.messageId)).toEqual([messageId]);
      expect(
        org.data.query(
          `SELECT MessageIdentifier, Subject, ToAddress, FromAddress, Status FROM EmailMessage WHERE RelatedToId = '${paId}'`
        ).records
      ).toEqual([
        expect.objectContaining({
          MessageIdentifier: messageId,
          Subject: 'Hi Lee0',
          ToAddress: 'lee0@example.com',
          FromAddress: 'ava@acme.test',
          Status: '3'
        })
      ]);
      expect(attemptsOf(paId)).toEqual([
        expect.objectContaining({
          Outcome__c: 'Sent',
          Error__c: `reconciled: not in the log but found in the mailbox (${messageId}) after the lease expired`
        })
      ]);
      expect(
        (
          org.data.query(`SELECT Status__c FROM Participant_Action__c WHERE Id = '${paId}'`).records[0] as {
            Status__c: string;
          }
        ).Status__c
      ).toBe('Completed');
    });

    it('sends once more only when the mailbox has no such message', async () => {
      const scenario = seed(org, { count: 1, ownerId: ava });
      const paId = scenario.emailActionIds[0];
      // The server never got it, and the worker died before recording that.
      org.smtp!.failNext('before-accept');
      await dyingWorker(() => org.data.query('SELECT Id FROM Action_Attempt__c').records.length > 0);
      const firstKey = attemptKey(paId);
      expect(org.smtp!.outbox()).toEqual([]);

      await nextWorker();
      const firstMessageId = messageIdFor(firstKey, 'ava@acme.test');
      const attempts = attemptsOf(paId);
      expect(attempts[0]).toEqual(
        expect.objectContaining({
          Outcome__c: 'In_Doubt',
          Error__c: `lease expired; ${firstMessageId} is neither logged nor in the mailbox; sending once more`
        })
      );
      expect(attempts.slice(1).map((a) => a.Outcome__c)).toEqual(['Sent']);
      expect(org.smtp!.outbox()).toHaveLength(1);
    });

    it('holds the action for a person when the mailbox cannot be asked', async () => {
      const scenario = seed(org, { count: 1, ownerId: ava });
      const paId = scenario.emailActionIds[0];
      await dyingWorker(() => org.smtp!.outbox().length > 0);
      const messageId = messageIdFor(attemptKey(paId), 'ava@acme.test');

      await nextWorker(null);
      expect(org.smtp!.outbox()).toHaveLength(1);
      expect(
        org.data.query(
          `SELECT Activation__c, Reason__c, Reason_Detail__c FROM Participant_Action__c WHERE Id = '${paId}'`
        ).records[0]
      ).toEqual(
        expect.objectContaining({
          Activation__c: 'Manual',
          Reason__c: 'SEND_FAILED',
          Reason_Detail__c: `The email may have been sent from ava@acme.test (Message-ID ${messageId}); check the sent folder before sending again.`
        })
      );
      expect(attemptsOf(paId).map((a) => a.Outcome__c)).toEqual(['In_Doubt']);
    });
  });
});

describe('mailboxes file and reply headers', () => {
  it('names the file and the entry of a bad mailbox, never its token', () => {
    expect(() =>
      parseMailboxes(
        {
          smtp: { host: 'smtp.gmail.com', port: 465 },
          users: { 'ava@acme.com': { channel: 'smtp', accessToken: 'secret-token' } }
        },
        '/etc/stride/mailboxes.json'
      )
    ).toThrow(
      '/etc/stride/mailboxes.json: users["ava@acme.com"].address: expected the mailbox address the rep sends from'
    );
    expect(() => parseMailboxes({ channel: 'pigeon' }, 'mailboxes.json')).toThrow(
      'mailboxes.json: channel: expected "salesforce" or "smtp", got "pigeon"'
    );
    expect(() =>
      parseMailboxes(
        {
          users: {
            'ava@acme.com': { channel: 'smtp', address: 'ava@acme.com', accessTokenEnv: 'NOPE_TOKEN' }
          },
          smtp: { host: 'h', port: 587 }
        },
        'm.json',
        {}
      )
    ).toThrow('m.json: users["ava@acme.com"].accessTokenEnv: the environment variable NOPE_TOKEN is not set');
  });

  it('reads In-Reply-To first, then References nearest first', () => {
    expect(referencedMessageIds('In-Reply-To: <b@x>\r\nReferences: <a@x>\r\n <b@x> <c@x>')).toEqual([
      '<b@x>',
      '<c@x>',
      '<a@x>'
    ]);
    expect(referencedMessageIds(null)).toEqual([]);
  });

  it('derives the Message-ID from the attempt key', () => {
    expect(messageIdFor('a0X000000000001:1', 'ava@acme.com')).toBe(
      '<stride.8fdbc64de7d660badcf952de674276d6@acme.com>'
    );
    expect(messageIdFor('a0X000000000001:1', 'ava@acme.com')).toBe(
      messageIdFor('a0X000000000001:1', 'ava@acme.com')
    );
  });
});
