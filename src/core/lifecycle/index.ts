/** Participant and participant-action lifecycle (docs/architecture.md §3). */
export * from './states';
export * from './operations';
export * from './enrollment';
export * from './liveEdits';
