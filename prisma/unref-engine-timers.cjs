// Preloaded into the Prisma CLI (see src/infra/migrate.ts). The WebAssembly schema
// engine leaves a 10 s timer running after its work is done, which kept every
// `migrate deploy` alive 10 s longer. An unref'd timer still fires while the CLI
// has work in hand; it just no longer keeps a finished process alive.
const setTimeoutOriginal = globalThis.setTimeout;
globalThis.setTimeout = function setTimeoutUnrefLong(callback, ms, ...args) {
  const timer = setTimeoutOriginal(callback, ms, ...args);
  if (ms >= 10_000 && typeof timer?.unref === 'function') timer.unref();
  return timer;
};
