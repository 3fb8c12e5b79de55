/** The CLI's flags and --config file become run settings, each bad value named (cli.ts). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseIntegerOption, parseTimeZoneOption, settingsFromConfiguration } from '../config';
import { runSettings, settingsFromFlags } from '../cli';

describe('CLI settings', () => {
  it('validates numbers with the option name and the allowed range', () => {
    expect(parseIntegerOption('--lease-seconds', '90', 2, 3600)).toBe(90);
    expect(() => parseIntegerOption('--lease-seconds', '1.5', 2, 3600)).toThrow(
      '--lease-seconds: expected a whole number from 2 to 3600, got "1.5"'
    );
    expect(() => settingsFromFlags({ batchSize: '5000' })).toThrow(
      '--batch-size: expected a whole number from 1 to 2000, got "5000"'
    );
    expect(settingsFromFlags({ pollIntervalSeconds: '5', dailyEmailCap: '50' })).toEqual({
      pollIntervalMs: 5000,
      dailyEmailCapPerOwner: 50
    });
    expect(() => parseTimeZoneOption('--default-time-zone', 'Mars/Olympus')).toThrow(
      '--default-time-zone: unknown IANA time zone "Mars/Olympus"'
    );
  });

  it('layers a --config file under the flags and names the file and key of a bad setting', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stride-config-'));
    const file = path.join(dir, 'ops.json');
    fs.writeFileSync(
      file,
      JSON.stringify({ leaseSeconds: 300, smsWindow: { start: '09:00', end: '20:00' }, defaultRegion: 'GB' })
    );
    expect(runSettings({ config: file, leaseSeconds: '60' })).toEqual({
      leaseSeconds: 60,
      smsWindow: { start: '09:00', end: '20:00' },
      defaultRegion: 'GB'
    });
    expect(() => settingsFromConfiguration({ leaseSecs: 90 }, 'ops.json')).toThrow(
      'ops.json: leaseSecs: unknown setting; known: pollIntervalSeconds, leaseSeconds, batchSize'
    );
    expect(() => settingsFromConfiguration({ batchSize: '10' }, 'ops.json')).toThrow(
      'ops.json: batchSize: expected a number, got "10"'
    );
    expect(() =>
      settingsFromConfiguration({ smsWindow: { start: '8am', end: '21:00' } }, 'ops.json')
    ).toThrow('ops.json: smsWindow: expected { "start": "HH:mm", "end": "HH:mm" }');
    expect(() => settingsFromConfiguration({ defaultRegion: 'usa' }, 'ops.json')).toThrow(
      'ops.json: defaultRegion: expected an ISO 3166 country code such as US, got "usa"'
    );
    expect(() => settingsFromConfiguration([], 'ops.json')).toThrow(
      'ops.json: expected a JSON object of settings'
    );
    fs.writeFileSync(file, '{ leaseSeconds: 1 }');
    expect(() => runSettings({ config: file })).toThrow(`--config: ${file} is not valid JSON`);
    expect(() => runSettings({ config: path.join(dir, 'missing.json') })).toThrow('--config: cannot read');
  });
});
