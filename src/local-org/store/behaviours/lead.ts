/**
 * Lead conversion: a converted Lead cannot be updated (CANNOT_UPDATE_CONVERTED_LEAD) except by
 * trusted writes, and `conversionValues` is what the local stand-in for convertLead (which REST does
 * not have) writes to the Lead.
 */
import { SalesforceError } from '../../errors';
import type { SqlValue } from '../values';
import type { ObjectBehaviour } from './behaviour';

/** Where a conversion led: the records it created or merged into. */
export interface ConversionResult {
  contactId?: string;
  accountId?: string;
  opportunityId?: string;
}

export const leadConversion: ObjectBehaviour = {
  checkUpdate(current, ctx) {
    if (current.IsConverted === 1 && !ctx.trusted) {
      throw new SalesforceError('CANNOT_UPDATE_CONVERTED_LEAD', 'cannot reference converted lead', []);
    }
  }
};

/** The Lead's fields a conversion sets (`now`: the conversion's time, stored form). */
export function conversionValues(result: ConversionResult, now: string): Record<string, SqlValue> {
  return {
    IsConverted: 1,
    ConvertedDate: now.slice(0, 10),
    ConvertedContactId: result.contactId ?? null,
    ConvertedAccountId: result.accountId ?? null,
    ConvertedOpportunityId: result.opportunityId ?? null,
    Status: 'Closed - Converted'
  };
}
