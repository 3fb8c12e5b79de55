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
 * - Minimum Access - Salesforce: Salesforce's profile for users who get everything from permission
 *   sets: read-only on the reference and setup data above, nothing on the CRM objects (so a test can
 *   hold an admin whose access lacks Lead or Opportunity fields).
 */
import type { ObjectPermission } from './permission-sets';

export const SYSTEM_ADMINISTRATOR = 'System Administrator';
export const STANDARD_USER = 'Standard User';
export const MINIMUM_ACCESS = 'Minimum Access - Salesforce';

export const PROFILES = [
  { Name: SYSTEM_ADMINISTRATOR, PermissionsViewAllData: true, PermissionsModifyAllData: true },
  { Name: STANDARD_USER, PermissionsViewAllData: false, PermissionsModifyAllData: false },
  { Name: MINIMUM_ACCESS, PermissionsViewAllData: false, PermissionsModifyAllData: false }
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
const NONE: ObjectPermission = { ...READ_ONLY, read: false };

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

/**
 * Objects only users with the View Setup and Configuration user permission (`ViewSetup`) may read,
 * as Salesforce has it since API 49.0; these profiles do not grant it, a permission set does.
 */
export const VIEW_SETUP_OBJECTS = new Set(['ObjectPermissions', 'FieldPermissions']);

/** What a profile grants on a standard object (custom objects come from permission sets only). */
export function profileObjectPermission(profile: string | null, objectName: string): ObjectPermission {
  if (profile === SYSTEM_ADMINISTRATOR) return { ...FULL, viewAll: true, modifyAll: true };
  if (VIEW_SETUP_OBJECTS.has(objectName)) return NONE;
  const standard = standardUserObjectPermission(objectName);
  if (profile !== MINIMUM_ACCESS) return standard;
  // Minimum Access keeps what Standard User may only read (setup and reference data), nothing else.
  return standard === READ_ONLY ? READ_ONLY : NONE;
}
