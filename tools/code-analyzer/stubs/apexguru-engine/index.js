'use strict';
// Stand-in for @salesforce/code-analyzer-apexguru-engine: a plugin with no engines, so Code Analyzer
// loads without it (the real engine is not on the registry mirror and needs an org).
class NoEnginesPlugin {
  getApiVersion() {
    return 1.0;
  }
  getAvailableEngineNames() {
    return [];
  }
  createEngine(engineName) {
    throw new Error(`The apexguru engine is not installed (offline stand-in), cannot create ${engineName}`);
  }
}
function createEnginePlugin() {
  return new NoEnginesPlugin();
}
exports.createEnginePlugin = createEnginePlugin;
