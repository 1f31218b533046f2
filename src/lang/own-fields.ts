/** A protocol's own fields (core/settings.ts), read from the lines the grammar leaves to them. */
import type { OwnSetting } from "../core/model.ts";
import type { OwnField } from "../core/settings.ts";
import { LARGEST_COUNT, type Fail } from "./fields.ts";
import { didYouMean } from "./suggest.ts";
import type { Unrecognised } from "./syntax.ts";

/** A protocol's own field written as a line, for hints. */
export function ownExample(field: OwnField): string {
  if (field.example !== undefined) return field.example;
  switch (field.type) {
    case "count":
      return `${field.name} ${field.default}`;
    case "choice":
      return `${field.name} ${field.options.join(" | ")}`;
    case "names":
      return `${field.name} ${field.default.length > 0 ? field.default.join(", ") : "x, y"}`;
  }
}

/** The value of a protocol's own field, read from the tokens after its name. */
export function ownValue(field: OwnField, entry: Unrecognised, fail: Fail): OwnSetting {
  const items = entry.items;
  const wrong = (): never =>
    fail(
      `\`${field.name}\` is not written that way`,
      entry.rest,
      `write it as \`${ownExample(field)}\`: ${lowerFirst(field.meaning)}`,
    );
  switch (field.type) {
    case "count": {
      const only = items[0];
      if (items.length !== 1 || only?.kind !== "int") return wrong();
      const min = field.min ?? 0;
      const max = field.max ?? LARGEST_COUNT;
      if (only.value < min || only.value > max) {
        fail(
          `\`${field.name}\` is between ${min} and ${max}, not ${only.value}`,
          only.span,
          lowerFirst(field.meaning),
        );
      }
      return only.value;
    }
    case "choice": {
      const only = items[0];
      if (items.length !== 1 || only?.kind !== "word") return wrong();
      if (!field.options.includes(only.text)) {
        fail(
          `unknown ${field.name} \`${only.text}\``,
          only.span,
          didYouMean(only.text, field.options, `choices of \`${field.name}\``),
        );
      }
      return only.text;
    }
    case "names": {
      const names: string[] = [];
      for (const [i, item] of items.entries()) {
        if (i % 2 === 1 ? item.kind !== "comma" : item.kind !== "word") return wrong();
        if (item.kind !== "word") continue;
        if (names.includes(item.text)) {
          fail(`\`${item.text}\` is listed twice`, item.span, "list each once.");
        }
        names.push(item.text);
      }
      if (names.length === 0 || items.length % 2 === 0) return wrong();
      return names;
    }
  }
}

const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);
