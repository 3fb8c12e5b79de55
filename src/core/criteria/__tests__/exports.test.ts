import * as core from '../..';
import * as criteria from '..';
import * as templates from '../../templates';

describe('the core index', () => {
  it('exports the criteria, templates, describe, eligibility, delegation and field update APIs', () => {
    const names = [
      'parseCriteria',
      'validateCriteria',
      'evaluateCriteria',
      'evaluateCompiledCriteria',
      'criteriaOutcome',
      'criteriaFieldPaths',
      'stringifyCriteria',
      'summarizeCriteria',
      'unmetConditions',
      'criteriaDateContext',
      'parseCriteriaLogic',
      'printCriteriaLogic',
      'evaluateCriteriaLogic',
      'joinConditions',
      'parseDateLiteral',
      'parseDateValue',
      'operatorLabel',
      'isCriteriaOperator',
      'parseTemplate',
      'validateTemplate',
      'renderTemplate',
      'mergeFieldPaths',
      'smsSegments',
      'escapeHtml',
      'toFieldType',
      'fromSObjectDescribe',
      'fromObjectInfo',
      'findObject',
      'findField',
      'resolveFieldPath',
      'readFieldPath',
      'checkEligibility',
      'eligibilityDisposition',
      'isValidEmailAddress',
      'looksLikePhoneNumber',
      'isBlankEmailBody',
      'resolveDelegate',
      'planFieldUpdates'
    ];
    expect(names.filter((name) => typeof (core as Record<string, unknown>)[name] !== 'function')).toEqual([]);
    expect(core.OPERATORS_BY_TYPE.boolean).toEqual(['equals', 'notEquals']);
    expect(
      criteria.DATE_LITERALS.filter((l) => l.takesNumber)
        .map((l) => l.literal)
        .slice(0, 3)
    ).toEqual(['LAST_N_DAYS', 'NEXT_N_DAYS', 'N_DAYS_AGO']);
    expect(templates.smsSegments('ok')).toEqual({
      encoding: 'GSM-7',
      segments: 1,
      characters: 2,
      perSegment: 160
    });
  });

  it('keeps libphonenumber out of the component bundle', () => {
    expect('normalizeMobile' in core).toBe(false);
  });
});
