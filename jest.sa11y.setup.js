// Registers `toBeAccessible()` for component tests (axe-core rules through @sa11y/jest).
const { registerSa11yMatcher } = require('@sa11y/jest');

registerSa11yMatcher();
