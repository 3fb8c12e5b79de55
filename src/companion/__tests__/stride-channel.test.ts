/**
 * The package's change event channel and the companion agree: its members select exactly the
 * objects the stages watch (`WATCHED`), so no watched change goes unheard and nothing else is
 * delivered.
 */
import fs from 'node:fs';
import path from 'node:path';
import { strideChangesChannel, STRIDE_CHANGES_CHANNEL } from '../watch/stream';
import { WATCHED } from '../watch/triggers';
import { NameMapper } from '../names';

const metadata = path.resolve(__dirname, '../../../force-app/main/default');

it('selects every watched object on Stride_Changes__chn, and only those', () => {
  const members = fs
    .readdirSync(path.join(metadata, 'platformEventChannelMembers'))
    .map((file) => fs.readFileSync(path.join(metadata, 'platformEventChannelMembers', file), 'utf8'));
  const channels = members.map((xml) => /<eventChannel>(.*)<\/eventChannel>/.exec(xml)?.[1]);
  const entities = members.map((xml) =>
    (/<selectedEntity>(.*)<\/selectedEntity>/.exec(xml)?.[1] ?? '')
      .replace(/__ChangeEvent$/, '__c')
      .replace(/ChangeEvent$/, '')
  );
  expect(new Set(channels)).toEqual(new Set([STRIDE_CHANGES_CHANNEL]));
  expect(entities.sort()).toEqual(Object.keys(WATCHED).sort());
  expect(
    fs.existsSync(
      path.join(metadata, 'platformEventChannels', `${STRIDE_CHANGES_CHANNEL}.platformEventChannel-meta.xml`)
    )
  ).toBe(true);
  expect(strideChangesChannel(new NameMapper(''))).toBe('/data/Stride_Changes__chn');
  expect(strideChangesChannel(new NameMapper('stride'))).toBe('/data/stride__Stride_Changes__chn');
});
