// Module-resolution hook (node:module register): `electron` → electron.mjs beside this file.
// Everything else resolves as usual. Runs on Node's hooks thread; keep it tiny.
const standIn = new URL('./electron.mjs', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'electron') return { url: standIn, shortCircuit: true };
  return nextResolve(specifier, context);
}
