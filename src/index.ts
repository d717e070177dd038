export * from './database/events-database-ref';
export * from './database/events-database';
export * from './views/event-views';
export * from './views/analytics-workgroup';
