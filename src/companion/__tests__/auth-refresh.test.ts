/**
 * An expired session (api.ts): one re-mint shared by every request that saw the 401, the request
 * sent again; a re-mint that fails, or no way to re-mint, stops the companion with a message for
 * the person running it. Over HTTP against the local org, whose fault rules answer 401.
 */
import './jest-realm';
import { OAuth2, type Connection } from 'jsforce';
import type { LocalOrg } from '../../local-org';
import { SalesforceApi } from '../api';
import { FatalError } from '../errors';
import { silentLogger } from '../logger';
import { NameMapper } from '../names';
import { companionFor, connectTo, seedEmailScenario, startTestOrg } from './helpers';

jest.setTimeout(60_000);

function apiFor(
  org: LocalOrg,
  refreshSession?: (conn: Connection) => Promise<void>,
  conn: Connection = connectTo(org)
): SalesforceApi {
  return new SalesforceApi(conn, new NameMapper(''), silentLogger(), {
    version: '66.0',
    maxRetries: 0,
    refreshSession
  });
}

/**
 * A bare access token connection (jsforce cannot refresh it by itself) and a re-mint through the
 * org's OAuth refresh token flow, counted.
 */
function refreshingConnection(org: LocalOrg): {
  conn: Connection;
  refreshSession: (conn: Connection) => Promise<void>;
  refreshes: () => number;
} {
  const oauth2 = new OAuth2({
    clientId: org.clientId,
    loginUrl: org.loginUrl,
    redirectUri: 'http://localhost/callback'
  });
  let refreshes = 0;
  return {
    conn: connectTo(org),
    refreshSession: async (conn) => {
      refreshes++;
      conn.accessToken = (await oauth2.refreshToken(org.refreshToken)).access_token;
    },
    refreshes: () => refreshes
  };
}

/** The rejection of a promise (fails when it resolves). */
async function rejectionOf(
  promise: Promise<unknown>
): Promise<{ name: string; code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as FatalError;
    return { name: e.name, code: e.code, message: e.message };
  }
  throw new Error('expected a rejection');
}

describe('an expired session', () => {
  let org: LocalOrg;
  beforeEach(async () => {
    org = await startTestOrg();
    seedEmailScenario(org, { count: 1 });
  });
  afterEach(async () => {
    await org.close();
  });

  it('is re-minted (the refresh token flow) and the request is sent again', async () => {
    // The fault ends every session of the org, as when sessions time out.
    org.controls.addFault({ kind: 'INVALID_SESSION_ID', method: 'GET', times: 1 });
    const session = refreshingConnection(org);
    const api = apiFor(org, session.refreshSession, session.conn);
    const leads = await api.query<{ FirstName: string }>('SELECT FirstName FROM Lead');
    expect({ leads: leads.map((l) => l.FirstName), refreshes: session.refreshes() }).toEqual({
      leads: ['Lee0'],
      refreshes: 1
    });
    // The new session serves the next requests without another re-mint.
    await api.query('SELECT Id FROM Sequence__c');
    expect(session.refreshes()).toBe(1);
  });

  it('stops with REFRESH_FAILED when the re-mint fails', async () => {
    org.controls.addFault({ kind: 'INVALID_SESSION_ID', method: 'GET', path: '/query' });
    const api = apiFor(org, () => Promise.reject(new Error('invalid_grant: expired access/refresh token')));
    expect(await rejectionOf(api.query('SELECT Id FROM Lead'))).toEqual({
      name: 'FatalError',
      code: 'REFRESH_FAILED',
      message: 'Could not refresh the Salesforce session: invalid_grant: expired access/refresh token'
    });
  });

  it('stops with the org’s code when there is no way to re-mint (a bare access token)', async () => {
    org.controls.addFault({ kind: 'INVALID_SESSION_ID', method: 'GET', path: '/query' });
    const rejection = await rejectionOf(apiFor(org).query('SELECT Id FROM Lead'));
    expect({ name: rejection.name, code: rejection.code }).toEqual({
      name: 'FatalError',
      code: 'INVALID_SESSION_ID'
    });
    expect(rejection.message).toMatch(
      /^Salesforce rejected the session \(INVALID_SESSION_ID: .*\)\. Log in again \(sf org login\) or check the access token\.$/
    );
  });

  it('on a send: re-minted and the email sent once', async () => {
    org.controls.addFault({
      kind: 'INVALID_SESSION_ID',
      method: 'POST',
      path: '/actions/standard/emailSimple',
      times: 1
    });
    const session = refreshingConnection(org);
    const result = await companionFor(org, {
      conn: session.conn,
      refreshSession: session.refreshSession
    }).runOnce();
    expect({ sent: result.stats.emailsSent, refreshes: session.refreshes() }).toEqual({
      sent: 1,
      refreshes: 1
    });
    expect(org.controls.emailOutbox()).toHaveLength(1);
  });

  it('on a send without a way to re-mint: the pass stops and nothing is sent', async () => {
    org.controls.addFault({
      kind: 'INVALID_SESSION_ID',
      method: 'POST',
      path: '/actions/standard/emailSimple'
    });
    expect(await rejectionOf(companionFor(org).runOnce())).toEqual({
      name: 'FatalError',
      code: 'INVALID_SESSION_ID',
      message:
        'Salesforce rejected the session (INVALID_SESSION_ID: Session expired or invalid). Log in again (sf org login) or check the access token.'
    });
    expect(org.controls.emailOutbox()).toHaveLength(0);
    // The claim stays open: after its lease, reconciliation asks the email log before any re-send.
    expect(org.data.query('SELECT Outcome__c FROM Action_Attempt__c').records).toEqual([
      expect.objectContaining({ Outcome__c: null })
    ]);
  });
});
