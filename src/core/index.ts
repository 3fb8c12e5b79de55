/**
 * Stride's domain core: pure functions shared by the components (bundled as `c/strideCore`) and the
 * companion. Each module adds its exports below.
 */
export * from './constants';
export * from './result';
export * from './records';
export * from './timing';
export * from './schedule';
export * from './throughput';
export * from './lifecycle';
export * from './taskDefaults';
export * from './describe';
export * from './criteria';
export * from './templates';
export * from './eligibility';
export * from './delegation';
export * from './fieldUpdates';
export * from './fieldAllowList';
export * from './fieldSets';
export * from './participantContext';
export * from './variants';
export * from './smsKeywords';
export * from './analytics';
export * from './away';
export * from './bulkEnrollment';
