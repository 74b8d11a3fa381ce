import { describe, expect, it } from "vitest";
import type { Catalog } from "./messages";
import { interpolate } from "./messages";

// Every feature's strings, found by file name so a new catalog cannot be forgotten here.
const catalogs = import.meta.glob<{ messages: Catalog<string> }>(["../../**/messages.ts"], { eager: true });
const GEORGIAN = /[\u10D0-\u10FF]/;

describe("the English and Georgian catalogs", () => {
  const entries = Object.entries(catalogs).filter(([, module]) => module.messages);

  it("are all found", () => {
    expect(entries.length).toBeGreaterThanOrEqual(10);
  });

  it.each(entries)("%s has a Georgian string for every English one", (_, { messages }) => {
    expect(Object.keys(messages.ka).sort()).toEqual(Object.keys(messages.en).sort());
    for (const value of Object.values(messages.ka)) expect(value.trim()).not.toBe("");
  });

  it.each(entries)("%s is written in Georgian script, not left in English", (_, { messages }) => {
    const untranslated = Object.entries(messages.ka).filter(
      ([key, value]) => !GEORGIAN.test(value) && value === messages.en[key] && !/^(PEP|User agent|OK|\{.*\}.*)$/.test(value),
    );
    expect(untranslated).toEqual([]);
  });

  it.each(entries)("%s uses the same placeholders in both languages", (_, { messages }) => {
    const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(messages.en)) {
      expect(placeholders(messages.ka[key] ?? ""), key).toEqual(placeholders(messages.en[key] ?? ""));
    }
  });
});

describe("interpolate", () => {
  it("fills named placeholders and leaves unknown ones visible", () => {
    expect(interpolate("Level {level} of 7, {missing}", { level: 6 })).toBe("Level 6 of 7, {missing}");
  });
});
