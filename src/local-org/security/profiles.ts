/**
 * The local org's two profiles and what a Standard User may do on standard objects. Salesforce
 * gives every user a profile; the package's permission sets add the Stride objects on top.
 *
 * Decisions (documented in src/local-org/README.md, "Who may do what"):
 * - System Administrator: View All Data and Modify All Data (no object, field or record checks).
 * - Standard User: full access (read, create, edit, delete, every field) to the CRM objects a rep
 *   works (Lead, Contact, Account, Opportunity, OpportunityContactRole, CampaignMember, Task and any
 *   standard object not listed below); read-only on reference and setup data (users, roles,
 *   profiles, permission sets and their assignments, public groups and their members, the
 *   organization, business hours, holidays, task statuses, email templates, org-wide addresses,
 *   campaigns) and read + create on EmailMessage (emails are logged, never rewritten). No access
 *   to custom objects: that comes from permission sets. Standard objects are shared Public
 *   Read/Write (no record filtering).
 */
import type { ObjectPermission } from './permission-sets';

export const SYSTEM_ADMINISTRATOR = 'System Administrator';
export const STANDARD_USER = 'Standard User';

export const PROFILES = [
  { Name: SYSTEM_ADMINISTRATOR, PermissionsViewAllData: true, PermissionsModifyAllData: true },
  { Name: STANDARD_USER, PermissionsViewAllData: false, PermissionsModifyAllData: false }
];

const FULL: ObjectPermission = {
  read: true,
  create: true,
  edit: true,
  delete: true,
  viewAll: false,
  modifyAll: false
};
const READ_ONLY: ObjectPermission = { ...FULL, create: false, edit: false, delete: false };
const READ_CREATE: ObjectPermission = { ...READ_ONLY, create: true };

const STANDARD_USER_EXCEPTIONS: Record<string, ObjectPermission> = {
  User: READ_ONLY,
  UserRole: READ_ONLY,
  Profile: READ_ONLY,
  PermissionSet: READ_ONLY,
  PermissionSetAssignment: READ_ONLY,
  Group: READ_ONLY,
  GroupMember: READ_ONLY,
  Organization: READ_ONLY,
  BusinessHours: READ_ONLY,
  Holiday: READ_ONLY,
  TaskStatus: READ_ONLY,
  RecordType: READ_ONLY,
  EmailTemplate: READ_ONLY,
  OrgWideEmailAddress: READ_ONLY,
  Campaign: READ_ONLY,
  EmailMessage: READ_CREATE
};

/** What the Standard User profile grants on a standard object. */
export function standardUserObjectPermission(objectName: string): ObjectPermission {
  return STANDARD_USER_EXCEPTIONS[objectName] ?? FULL;
}
