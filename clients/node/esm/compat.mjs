// ESM entry of pywarden/compat (see index.mjs).
import cjs from "../dist/compat.js";

export const { PythonExecutor } = cjs;
export default cjs;
