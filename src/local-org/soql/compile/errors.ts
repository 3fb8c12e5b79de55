/** How the SOQL compiler reports a bad query: Salesforce's caret message and the hints it appends. */
import { SalesforceError } from '../../errors';

export const CUSTOM_FIELD_HINT =
  "If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.";
export const CUSTOM_RELATIONSHIP_HINT =
  "If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.";
export const CUSTOM_OBJECT_HINT =
  "If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.";

/** Formats an error the way the SOQL engine does: the query, a caret under the token, the position. */
export function located(soql: string, token: string, message: string, code: string): SalesforceError {
  const escaped = token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`(^|[^\\w.])(${escaped})(?![\\w])`, 'i').exec(soql);
  const index = match ? match.index + match[1].length : 0;
  const before = soql.slice(0, index);
  const row = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const column = index - lineStart + 1;
  const line = soql.split('\n')[row - 1] ?? soql;
  return new SalesforceError(
    code,
    `\n${line}\n${' '.repeat(column - 1)}^\nERROR at Row:${row}:Column:${column}\n${message}`
  );
}
