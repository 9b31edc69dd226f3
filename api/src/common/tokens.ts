/** Injection tokens of the infrastructure adapters (own file: the interceptors need them without a cycle). */
export const MONGO = Symbol('MONGO');
export const MODELS = Symbol('MODELS');
export const REDIS = Symbol('REDIS');
