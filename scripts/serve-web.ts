/** `npm run web`: serve the renderer and the platform API on localhost and print the address; opens nothing else. */
import { createWebServer } from './web-server.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../platform/seed-demo.ts';

const port = Number(process.env.PORT ?? 4173);
const host = process.env.HOST ?? '127.0.0.1';
const app = await createWebServer();
await app.listen({ port, host });
console.log(`职教填报 / Tianbao: http://${host === '0.0.0.0' ? 'localhost' : host}:${port}/`);
console.log(
  `platform API on the same origin (/api/v1); demo accounts ${DEMO_ACCOUNTS.map((a) => a.username).join(', ')}, password ${DEMO_PASSWORD}`,
);
let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    void app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
