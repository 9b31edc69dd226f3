import { createApp } from './app.js';
import { apiConfig } from './config.js';

const config = apiConfig();
const app = await createApp(config);
await app.listen(config.port, '0.0.0.0');
console.log(`[api] listening on http://127.0.0.1:${config.port} (docs: /api/docs)`);
