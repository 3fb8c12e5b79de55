/**
 * The app, tabs and Lightning pages fit together: every tab and override points at a page that
 * exists, and every component a page places is an exposed component for that kind of page.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';

const sourceDir = path.resolve(__dirname, '../../force-app/main/default');
const parser = new XMLParser({
  parseTagValue: false,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: (name) =>
    [
      'flexiPageRegions',
      'itemInstances',
      'tabs',
      'actionOverrides',
      'target',
      'targetConfig',
      'object'
    ].includes(name)
});
interface FlexiPageXml {
  type: string;
  sobjectType?: string;
  flexiPageRegions: Array<{ itemInstances: Array<{ componentInstance?: { componentName: string } }> }>;
}
interface AppXml {
  tabs: string[];
  actionOverrides: Array<{ pageOrSobjectType: string; content: string }>;
}
interface BundleXml {
  isExposed: string;
  targets: { target: string[] };
  targetConfigs?: { targetConfig: Array<{ targets: string; objects?: { object: string[] } }> };
}

/** The root element of a metadata file, e.g. read<AppXml>('applications/Stride.app-meta.xml', 'CustomApplication'). */
function read<T>(relativePath: string, root: string): T {
  const parsed = parser.parse(readFileSync(path.join(sourceDir, relativePath), 'utf8')) as Record<string, T>;
  return parsed[root];
}

const pages = new Map(
  readdirSync(path.join(sourceDir, 'flexipages')).map((file) => [
    file.replace(/\.flexipage-meta\.xml$/, ''),
    read<FlexiPageXml>(`flexipages/${file}`, 'FlexiPage')
  ])
);
const app = read<AppXml>('applications/Stride.app-meta.xml', 'CustomApplication');
const TARGET_OF_PAGE_TYPE: Record<string, string> = {
  AppPage: 'lightning__AppPage',
  RecordPage: 'lightning__RecordPage',
  HomePage: 'lightning__HomePage'
};

describe('Stride app', () => {
  it('shows Engage, Sequences, SMS Templates and the standard sales tabs, in that order', () => {
    expect(app.tabs).toEqual([
      'Engage',
      'Sequence__c',
      'SMS_Template__c',
      'standard-Lead',
      'standard-Contact',
      'standard-Campaign',
      'standard-Opportunity'
    ]);
    const missing = app.tabs.filter(
      (tab) => !tab.startsWith('standard-') && !existsSync(path.join(sourceDir, `tabs/${tab}.tab-meta.xml`))
    );
    expect(missing).toEqual([]);
  });

  it('assigns the record pages of its objects', () => {
    const overrides = app.actionOverrides.map((override) => [
      override.pageOrSobjectType,
      override.content,
      pages.get(override.content)?.type,
      pages.get(override.content)?.sobjectType
    ]);
    expect(overrides).toEqual([
      ['Contact', 'Stride_Contact_Record_Page', 'RecordPage', 'Contact'],
      ['Lead', 'Stride_Lead_Record_Page', 'RecordPage', 'Lead'],
      ['Sequence__c', 'Stride_Sequence_Record_Page', 'RecordPage', 'Sequence__c']
    ]);
  });

  it('opens Engage as a Lightning page tab', () => {
    const tab = read<{ flexiPage: string }>('tabs/Engage.tab-meta.xml', 'CustomTab');
    expect([tab.flexiPage, pages.get(tab.flexiPage)?.type]).toEqual(['Engage', 'AppPage']);
  });
});

describe('Lightning pages', () => {
  const placements = [...pages].flatMap(([page, flexiPage]) =>
    flexiPage.flexiPageRegions
      .flatMap((region) => region.itemInstances)
      .map((item) => item.componentInstance?.componentName ?? '')
      .filter((name) => name.startsWith('c:'))
      .map((name) => ({ page, type: flexiPage.type, sobject: flexiPage.sobjectType, name }))
  );

  it('place the Stride components', () => {
    expect(placements.map(({ page, name }) => `${page}: ${name}`).sort()).toEqual([
      'Engage: c:strideEngage',
      'Stride_Contact_Record_Page: c:strideParticipantPanel',
      'Stride_Lead_Record_Page: c:strideParticipantPanel',
      'Stride_Sequence_Record_Page: c:strideSequenceEditor',
      'Stride_Sequence_Record_Page: c:strideSequenceFunnel'
    ]);
  });

  it.each(placements.map((placement) => [`${placement.page}: ${placement.name}`, placement] as const))(
    '%s is an exposed component for that page',
    (_label, { type, sobject, name }) => {
      const bundle = name.slice(2);
      const meta = read<BundleXml>(`lwc/${bundle}/${bundle}.js-meta.xml`, 'LightningComponentBundle');
      const target = TARGET_OF_PAGE_TYPE[type];
      expect(meta.isExposed).toBe('true');
      expect(meta.targets.target).toContain(target);
      const config = (meta.targetConfigs?.targetConfig ?? []).find((candidate) =>
        candidate.targets.split(',').some((listed) => listed.trim() === target)
      );
      if (sobject && config?.objects) expect(config.objects.object).toContain(sobject);
    }
  );
});
