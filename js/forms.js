// The browser package's built-in forms travel beside its code, precompiled, in a custom section
// of the .wasm (js/build.mjs): every form in the package's files, one form and those it reads in
// each form's own file (pkg/forms/). The loader hands them to the engine once it is running.
import { useForms } from "../target/wasm-bindgen/community_forms.js";

export function takeForms(module) {
  for (const bundle of WebAssembly.Module.customSections(module, "community-forms.forms")) useForms(new Uint8Array(bundle));
}
