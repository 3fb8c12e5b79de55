/** Which standard objects have rules of their own beyond the record store's generic ones. */
import type { ObjectBehaviour } from './behaviour';
import { campaignMember } from './campaign-member';
import { leadConversion } from './lead';
import { opportunity } from './opportunity';
import { personName } from './person-name';
import { task } from './task';

export type { ObjectBehaviour, Prepare } from './behaviour';

const BEHAVIOURS = new Map<string, readonly ObjectBehaviour[]>([
  ['Lead', [personName, leadConversion]],
  ['Contact', [personName]],
  ['User', [personName]],
  ['Task', [task]],
  ['CampaignMember', [campaignMember]],
  ['Opportunity', [opportunity]]
]);

const NONE: readonly ObjectBehaviour[] = [];

/** The behaviours of an object, in the order they apply (none for most objects). */
export function behavioursOf(objectName: string): readonly ObjectBehaviour[] {
  return BEHAVIOURS.get(objectName) ?? NONE;
}
