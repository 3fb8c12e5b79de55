/** Templates: merge fields, validation against describes, rendering, SMS length. */
export * from './template';
export * from './sms';
