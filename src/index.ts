export * from './database/events-database-ref';
export * from './database/events-database';
export * from './sources/pinpoint/pinpoint-event-stream';
export * from './sources/ses/ses-config-set-destination';
export * from './sources/sms-voice/sms-voice-event-destination';
