// `node --import ./test/support/electron-stand-in/register.mjs dist/main/index.js`
// Installs the resolve hook (hooks.mjs) that answers the specifier `electron` with the stand-in,
// for the built main bundle and for every package it loads (electron-store imports it too).
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
