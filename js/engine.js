// What attach.js calls of the engine, by name. Not the module's namespace: a namespace passed as
// a value keeps every export in the bundle, among them wasm-bindgen's own loader, which fetches
// and instantiates (unused: js/start.js instantiates with initSync).
import { formInfo, FormSession } from "../target/wasm-bindgen/community_forms.js";

export const engine = { formInfo, FormSession };
