/** `npm run web`: serve the renderer on localhost and print the address; opens nothing else. */
import { createWebServer } from './web-server.ts';

const port = Number(process.env.PORT ?? 4173);
const host = process.env.HOST ?? '127.0.0.1';
const app = await createWebServer();
await app.listen({ port, host });
console.log(`职教填报 / Tianbao: http://${host === '0.0.0.0' ? 'localhost' : host}:${port}/`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void app.close().then(() => process.exit(0)));
}
