/** Input bounds, strict parsing, text normalisation, JSON body checks and personal-data masking (issue #8). */
export * from './bounds.js';
export * from './text.js';
export * from './json.js';
export * from './privacy.js';
export * from './programme.js';
export * from './upload.js';
