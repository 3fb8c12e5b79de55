/**
 * Runs in its own process (started by api-surface.test.ts): signs in to the local org with
 * @salesforce/core from an access token, as `sf org login access-token` does, and queries through
 * its Connection. Prints the results as JSON. Usage: core-client.ts <instanceUrl> <accessToken>
 */
import { AuthInfo, Connection } from '@salesforce/core';

async function main(): Promise<void> {
  const [instanceUrl, accessToken] = process.argv.slice(2);
  const authInfo = await AuthInfo.create({
    accessTokenOptions: { accessToken, instanceUrl, loginUrl: instanceUrl }
  });
  const connection = await Connection.create({ authInfo, connectionOptions: { version: '66.0' } });
  const organization = await connection.singleRecordQuery<{ Name: string; IsSandbox: boolean }>(
    'SELECT Name, IsSandbox FROM Organization'
  );
  const leads = await connection.autoFetchQuery('SELECT Id FROM Lead');
  process.stdout.write(
    JSON.stringify({
      username: authInfo.getUsername(),
      orgId: authInfo.getFields().orgId,
      organization: { Name: organization.Name, IsSandbox: organization.IsSandbox },
      leadCount: leads.totalSize
    })
  );
}

main().catch((error: unknown) => {
  process.stderr.write(String((error as Error).stack ?? error));
  process.exit(1);
});
