/** Time zones, business calendars and due times (docs/architecture.md §4). */
export * from './zone';
export * from './holidays';
export * from './businessHours';
export * from './dueAt';
