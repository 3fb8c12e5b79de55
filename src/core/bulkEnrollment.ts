/**
 * The preview of a bulk enrolment: of the records a rep selected in a list view (or an admin chose
 * with `stride enroll --where`), who can join the sequence and, for the others, why not — with the
 * same rules as one enrolment ({@link planEnrollment}) plus the sequence's entry criteria, applied
 * in order so that the cap and duplicates inside the selection count too.
 */
import type { DescribeCatalog } from './describe';
import { evaluateCriteria } from './criteria';
import { planEnrollment, type EnrollmentAction, type EnrollmentSequence } from './lifecycle';
import type { ParticipantStatus } from './constants';

/** One selected record and what the preview needs to know about it. */
export interface EnrollmentCandidate {
  id: string;
  object: 'Lead' | 'Contact';
  /** The record's fields the entry criteria read. */
  record?: Record<string, unknown>;
  /** The person's open enrollment in any sequence, if any. */
  openEnrollment?: { Id: string; Sequence__c: string; Status__c: ParticipantStatus } | null;
  /** Whether the person was enrolled in this sequence before (ended). */
  enrolledBefore?: boolean;
}

/** Why a record cannot join: a stable code and a sentence naming the record. */
export interface Ineligible {
  id: string;
  code: string;
  message: string;
}

/** The preview: who joins, who does not and why, and the counts by reason. */
export interface EnrollmentPreview {
  eligible: string[];
  ineligible: Ineligible[];
  byReason: Record<string, number>;
}

/**
 * Sorts the selection into who can be enrolled and who cannot (with the reason), in selection order.
 * A record selected twice is enrolled once; the cap counts the eligible ones ahead of it.
 *
 * @example
 * previewEnrollment({ sequence, actions, participantCount: 0, now, candidates: [
 *   { id: '00Q1', object: 'Lead' },
 *   { id: '00Q2', object: 'Lead', openEnrollment: { Id: 'a03', Sequence__c: 'a01', Status__c: 'Active' } }
 * ] })
 * //=> { eligible: ['00Q1'], ineligible: [{ id: '00Q2', code: 'ALREADY_ENROLLED', message: 'Lead 00Q2 already has an open enrollment …' }], byReason: { ALREADY_ENROLLED: 1 } }
 */
export function previewEnrollment(input: {
  sequence: EnrollmentSequence & { Entry_Criteria__c?: string | null };
  actions: readonly EnrollmentAction[];
  participantCount: number;
  candidates: readonly EnrollmentCandidate[];
  /** Describes for the entry criteria; without them the criteria are not checked here. */
  catalog?: DescribeCatalog;
  now: Date;
  timeZone?: string;
}): EnrollmentPreview {
  const preview: EnrollmentPreview = { eligible: [], ineligible: [], byReason: {} };
  const seen = new Set<string>();
  const refuse = (id: string, code: string, message: string): void => {
    preview.ineligible.push({ id, code, message });
    preview.byReason[code] = (preview.byReason[code] ?? 0) + 1;
  };
  const criteria = input.sequence.Entry_Criteria__c?.trim() || null;
  for (const candidate of input.candidates) {
    if (seen.has(candidate.id)) {
      refuse(
        candidate.id,
        'DUPLICATE_SELECTION',
        `${candidate.object} ${candidate.id} is selected more than once`
      );
      continue;
    }
    seen.add(candidate.id);
    const plan = planEnrollment({
      sequence: input.sequence,
      actions: input.actions,
      person: { object: candidate.object, id: candidate.id },
      openEnrollment: candidate.openEnrollment ?? null,
      enrolledBefore: candidate.enrolledBefore ?? false,
      participantCount: input.participantCount + preview.eligible.length,
      now: input.now
    });
    if (!plan.ok) {
      refuse(candidate.id, plan.error.code, plan.error.message);
      continue;
    }
    if (criteria && input.catalog) {
      const evaluation = evaluateCriteria(
        criteria,
        candidate.record ?? {},
        input.catalog,
        candidate.object,
        input.now,
        input.timeZone
      );
      if (!evaluation.ok) {
        refuse(
          candidate.id,
          'BAD_ENTRY_CRITERIA',
          `The sequence's entry criteria cannot be checked: ${evaluation.error.map((e) => e.message).join('; ')}`
        );
        continue;
      }
      if (!evaluation.value.met) {
        refuse(
          candidate.id,
          'ENTRY_CRITERIA_NOT_MET',
          `${candidate.object} ${candidate.id} does not meet the entry criteria`
        );
        continue;
      }
    }
    preview.eligible.push(candidate.id);
  }
  return preview;
}
