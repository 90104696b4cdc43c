// `npm test` runs this before the e2e suite: one clear line when Chromium is missing.
import { findChromium, CHROMIUM_HINT } from './chromium-path.mjs';

if (!findChromium()) {
  console.error(CHROMIUM_HINT);
  process.exit(1);
}
