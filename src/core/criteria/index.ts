/** Criteria: custom logic, operators by field type, relative dates, validation and evaluation. */
export * from './logic';
export * from './operators';
export {
  DATE_LITERALS,
  parseDateLiteral,
  parseDateValue,
  type CriteriaDateContext,
  type DateOperand,
  type DateUnit,
  type RelativeDateRange
} from './dates';
export * from './criteria';
