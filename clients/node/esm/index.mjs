// ESM entry: the CommonJS build re-exported, so `import` and `require` share one copy of
// every class (instanceof works across both).
import cjs from "../dist/index.js";

export const {
  Pywarden,
  runOnce,
  findBinary,
  JsonNumber,
  parseExact,
  stringifyExact,
  PywardenError,
  PywardenNotFoundError,
  PywardenServerError,
  PywardenClosedError,
  PywardenRunError,
} = cjs;
export default cjs;
