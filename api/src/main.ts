import { createApp } from './app.js';
import { apiConfig } from './config.js';

const config = apiConfig();
const app = await createApp(config);
await app.listen(config.port, config.host);
console.log(`[api] listening on http://${config.host}:${config.port} (docs: /api/docs)`);
