/**
 * What an object supports beyond the data API, as describe reports it and the search, layout and
 * list-view resources honour it: one definition so describe never claims what no resource serves.
 */
import fs from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { ObjectDef } from './types';

/** Standard objects the search index leaves out (setup and junction objects), as in an org. */
const NOT_SEARCHABLE = new Set([
  'BusinessHours',
  'CampaignMember',
  'EmailTemplate',
  'Holiday',
  'OpportunityContactRole',
  'Organization',
  'OrgWideEmailAddress',
  'RecordType',
  'TaskStatus'
]);

/** Standard objects without page layouts (setup objects), as in an org. */
const NOT_LAYOUTABLE = new Set([
  'BusinessHours',
  'EmailTemplate',
  'Holiday',
  'Organization',
  'OrgWideEmailAddress',
  'RecordType',
  'TaskStatus'
]);

const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false });
const searchDisabledCache = new Map<string, boolean>();

/** A custom object's `<enableSearch>` (absent = searchable). */
function searchEnabledInMetadata(objectsDir: string, objectName: string): boolean {
  const stem = objectName.replace(/^[A-Za-z0-9]+__(?=.+__c$)/, '');
  const file = path.join(objectsDir, stem, `${stem}.object-meta.xml`);
  const cached = searchDisabledCache.get(file);
  if (cached !== undefined) return cached;
  let enabled = true;
  if (fs.existsSync(file)) {
    const xml = parser.parse(fs.readFileSync(file, 'utf8')) as { CustomObject?: { enableSearch?: string } };
    enabled = xml.CustomObject?.enableSearch !== 'false';
  }
  searchDisabledCache.set(file, enabled);
  return enabled;
}

/** Whether SOSL finds the object's records (describe `searchable`). */
export function isSearchable(object: ObjectDef, objectsDir: string): boolean {
  if (!object.custom) return !NOT_SEARCHABLE.has(object.name);
  return objectsDir === '' || searchEnabledInMetadata(objectsDir, object.name);
}

/** Whether the layout resources serve the object (describe `layoutable`, `compactLayoutable`). */
export function isLayoutable(object: ObjectDef): boolean {
  return object.custom || !NOT_LAYOUTABLE.has(object.name);
}
