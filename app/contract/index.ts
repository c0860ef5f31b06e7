// The service contract between the UI and app/: interfaces, argument schemas, result envelope and the data views.
export type * from './views.js';
export type * from './services.js';
export type { Result, ServiceError } from './result.js';
export type { Contract, Input, MethodName, ServiceName } from './schemas.js';
