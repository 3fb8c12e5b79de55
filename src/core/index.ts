/**
 * Stride's domain core: pure functions shared by the components (bundled as `c/strideCore`) and the
 * companion. Each module adds its exports below.
 */
export * from './constants';
export * from './result';
