/** Public surface of the pure domain module (no I/O). */
export * from './certification/types';
export * from './dates';
export * from './people/identifiers';
export * from './certification/rules';
export * from './certification/primary-judgement';
export * from './certification/validity';
export * from './certification/intake';
export * from './certification/deadlines';
export * from './certification/sla';
export * from './certification/board';
export * from './plan-notification/checks';
export * from './access';
export * from './glossary';
export * from './actor';
