import { describe, expect, it } from "vitest";

// The layering of ARCHITECTURE.md, checked on the source: shared code (api, components, lib)
// imports no feature and no app code; a feature imports no other feature and no app code.
const sources = import.meta.glob<string>(["./**/*.{ts,tsx}", "!./**/*.test.{ts,tsx}", "!./test/**"], {
  eager: true,
  query: "?raw",
  import: "default",
});

function importsOf(source: string): string[] {
  return [...source.matchAll(/^(?:import|export)[^"']*?from\s+["']([^"']+)["']/gm)].map((match) => match[1]!);
}

/** Where an import lands, relative to src/, e.g. "features/notes/api". */
function resolve(file: string, specifier: string): string {
  if (!specifier.startsWith(".")) return `package:${specifier}`;
  const parts = file.replace(/^\.\//, "").split("/").slice(0, -1);
  for (const part of specifier.split("/")) {
    if (part === "..") parts.pop();
    else if (part !== ".") parts.push(part);
  }
  return parts.join("/");
}

const layerOf = (path: string): string => {
  const [top = "", feature = ""] = path.split("/");
  return top === "features" ? `features/${feature}` : top;
};

describe("the module layers", () => {
  const files = Object.entries(sources);

  it("are all read", () => {
    expect(files.length).toBeGreaterThan(40);
  });

  it("keep shared code free of features and app code", () => {
    const offending = files.flatMap(([file, source]) => {
      const layer = layerOf(file.replace(/^\.\//, ""));
      if (!["api", "components", "lib"].includes(layer)) return [];
      return importsOf(source)
        .map((specifier) => resolve(file, specifier))
        .filter((target) => target.startsWith("features/") || target.startsWith("app/"))
        .map((target) => `${file} -> ${target}`);
    });
    expect(offending).toEqual([]);
  });

  it("keep each feature to itself", () => {
    const offending = files.flatMap(([file, source]) => {
      const layer = layerOf(file.replace(/^\.\//, ""));
      if (!layer.startsWith("features/")) return [];
      return importsOf(source)
        .map((specifier) => resolve(file, specifier))
        .filter((target) => target.startsWith("app/") || (target.startsWith("features/") && layerOf(target) !== layer))
        .map((target) => `${file} -> ${target}`);
    });
    expect(offending).toEqual([]);
  });

  it("never hand-write an API path outside the generated client's typed calls", () => {
    const handWritten = files.filter(([file, source]) => !file.endsWith("schema.ts") && /fetch\(\s*["'`]\/api\//.test(source));
    expect(handWritten.map(([file]) => file)).toEqual([]);
  });
});
