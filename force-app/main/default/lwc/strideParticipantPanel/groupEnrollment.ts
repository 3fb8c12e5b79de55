/**
 * Who an Opportunity or Campaign page enrolls: the opportunity's contact roles (all, or one role) or
 * the campaign's members (Leads and Contacts), each person once, without those already in an open
 * enrollment or already through a sequence that is not repeatable. The companion checks the entry
 * criteria when it admits them (they read the opportunity or campaign too), as for `stride enroll`.
 */

/** A person reachable through the record: a contact role or a campaign member. */
export interface GroupMember {
  personId: string;
  object: 'Lead' | 'Contact';
  label: string;
  /** The contact role's Role (Opportunity pages), else null. */
  role: string | null;
}

/** An enrollment of one of those people, in any sequence. */
export interface MemberEnrollment {
  personId: string;
  sequenceId: string;
  sequenceName: string;
  isOpen: boolean;
}

export interface GroupPlan {
  enroll: GroupMember[];
  refused: Array<{ member: GroupMember; code: 'ALREADY_ENROLLED' | 'NOT_REPEATABLE'; sequenceName: string }>;
}

const key15 = (id: string) => id.slice(0, 15);

/**
 * The members a click on Enroll for `sequence` writes, and who is left out and why.
 *
 * @example
 * planGroupEnrollment([{ personId: '003A', object: 'Contact', label: 'Ava', role: 'Evaluator' }], [], { id: 'a01', repeatable: false }, null)
 * //=> { enroll: [{ personId: '003A', … }], refused: [] }
 */
export function planGroupEnrollment(
  members: GroupMember[],
  enrollments: MemberEnrollment[],
  sequence: { id: string; repeatable: boolean },
  role: string | null
): GroupPlan {
  const plan: GroupPlan = { enroll: [], refused: [] };
  const seen = new Set<string>();
  for (const member of members) {
    if (role && member.role !== role) continue;
    if (seen.has(key15(member.personId))) continue; // a contact with two roles is one person
    seen.add(key15(member.personId));
    const theirs = enrollments.filter((e) => key15(e.personId) === key15(member.personId));
    const open = theirs.find((e) => e.isOpen);
    if (open) {
      plan.refused.push({ member, code: 'ALREADY_ENROLLED', sequenceName: open.sequenceName });
      continue;
    }
    const before = theirs.find((e) => key15(e.sequenceId) === key15(sequence.id));
    if (before && !sequence.repeatable) {
      plan.refused.push({ member, code: 'NOT_REPEATABLE', sequenceName: before.sequenceName });
      continue;
    }
    plan.enroll.push(member);
  }
  return plan;
}

/** The distinct Role values of the contact roles, alphabetically (the role picker's options). */
export function rolesOf(members: GroupMember[]): string[] {
  return [...new Set(members.map((m) => m.role).filter((r): r is string => !!r))].sort();
}
