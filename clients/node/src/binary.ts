// Finding the pywarden binary: the `binary` option, then PYWARDEN_BIN, then PATH.
import { accessSync, constants, statSync } from "node:fs";
import { delimiter, isAbsolute, join, resolve } from "node:path";
import { PywardenNotFoundError, PywardenServerError } from "./errors";

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** An error naming cwd when it is given and is not a directory (spawn would blame the
 * binary: "spawn ... ENOENT"); undefined otherwise. */
export function missingDirectory(cwd: string | undefined): PywardenServerError | undefined {
  if (cwd === undefined) return undefined;
  try {
    if (statSync(cwd).isDirectory()) return undefined;
  } catch {
    // named below
  }
  return new PywardenServerError(`the working directory ${cwd} (option cwd) is not a directory`);
}

/** The absolute path of the binary; throws PywardenNotFoundError naming every place it
 * looked. An explicit `binary` or PYWARDEN_BIN that does not exist is an error, not a
 * reason to fall back to PATH (that would run a different pywarden than asked). */
export function findBinary(binary?: string, env: Record<string, string | undefined> = process.env): string {
  const named = binary ? ["option binary", binary] : env.PYWARDEN_BIN ? ["PYWARDEN_BIN", env.PYWARDEN_BIN] : null;
  if (named) {
    const [from, path] = named;
    const bare = !path.includes("/");
    if (!bare) {
      const abs = resolve(path);
      if (executable(abs)) return abs;
      throw new PywardenNotFoundError([`${abs} (${from})`]);
    }
    return onPath(path, env, `${from} = ${path}`);
  }
  return onPath("pywarden", env, "");
}

function onPath(name: string, env: Record<string, string | undefined>, from: string): string {
  const dirs = (env.PATH ?? "").split(delimiter).filter((d) => d && isAbsolute(d));
  for (const dir of dirs) {
    const candidate = join(dir, name);
    if (executable(candidate)) return candidate;
  }
  const where = dirs.length ? `PATH (${dirs.join(delimiter)})` : "PATH (empty)";
  throw new PywardenNotFoundError([...(from ? [from] : ["option binary (not given)", "PYWARDEN_BIN (not set)"]), where]);
}
