/** Injection tokens of the infrastructure adapters (own file: the interceptors need them without a cycle). */
export const MONGO = Symbol('MONGO');
export const MODELS = Symbol('MODELS');
export const REDIS = Symbol('REDIS');
/** The composition root (`connectCore`): every feature module builds its feature from it. */
export const CORE = Symbol('CORE');
/** The `sla` queue the complaint feature puts its timers on (closed by the infra module). */
export const SLA_QUEUE = Symbol('SLA_QUEUE');
