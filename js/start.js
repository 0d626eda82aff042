// How every loader starts the engine (js/load-*.js, js/worker.js): instantiated from its
// compiled module (or its bytes), then:
// - The browser package's built-in forms travel beside its code, precompiled, in a custom section
//   of the .wasm (js/build.mjs): every form in the package's files, one form and those it reads
//   in each form's own file (pkg/forms/). They are handed to the engine here.
// - The engine hashes ledger text with keys it cannot make itself (the wasm has no random
//   source): they come from crypto.getRandomValues, so a crafted ledger cannot make its lookups
//   collide (src/hash.rs). The form package's engine has no such call: js/build.mjs defines
//   __CF_SEED__ as false for it, and the branch is left out.
import * as glue from "../target/wasm-bindgen/community_forms.js";

export function start(module) {
  if (!(module instanceof WebAssembly.Module)) module = new WebAssembly.Module(module);
  glue.initSync({ module });
  for (const bundle of WebAssembly.Module.customSections(module, "cf-forms")) glue.useForms(new Uint8Array(bundle));
  if (__CF_SEED__) {
    const c = globalThis.crypto;
    if (c && typeof c.getRandomValues === "function") {
      const k = c.getRandomValues(new Uint32Array(4));
      glue.seedHash(k[0], k[1], k[2], k[3]);
    }
  }
}
