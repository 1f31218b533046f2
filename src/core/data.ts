/**
 * Protocol values as data: what a node's state, a message or a history fact is, made plain
 * enough to cross threads and to be written as JSON or ITF, and queried by tools (jq, Quint,
 * Apalache) field by field, not read as display strings.
 *
 * {@link Data} is ITF's own shapes with JavaScript numbers: records are objects, lists arrays,
 * sets `{"#set": [...]}` and maps `{"#map": [[key, value], ...]}` (both in a fixed order), and
 * absence `null`. {@link toJsonData} and {@link toItfData} write it for `--json` and for ITF.
 */
import { isImmutable, isOrdered, List, Map as IMap, Record, Set as ISet } from "immutable";

/** A protocol value as data: see the module's comment. */
export type Data =
  | null
  | boolean
  | number
  | string
  | readonly Data[]
  | { readonly "#set": readonly Data[] }
  | { readonly "#map": readonly (readonly [Data, Data])[] }
  | { readonly [field: string]: Data };

/** A fixed order for the members of a set or the keys of a map: by their JSON text. */
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A protocol value (immutable-js Records, Lists, Sets and Maps, or plain objects, arrays and
 * primitives) as {@link Data}. A value of no such kind (a function, say) becomes its text.
 */
export function toData(value: unknown): Data {
  if (value === null || value === undefined) return null;
  if (typeof value === "boolean" || typeof value === "string") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  if (typeof value === "bigint") return String(value);
  if (Record.isRecord(value)) {
    const record: { [field: string]: Data } = {};
    const fields = (value as unknown as { toObject(): { [field: string]: unknown } }).toObject();
    for (const [field, item] of Object.entries(fields)) record[field] = toData(item);
    return record;
  }
  if (List.isList(value)) return (value as List<unknown>).toArray().map(toData);
  if (ISet.isSet(value)) {
    const members = (value as ISet<unknown>).toArray().map(toData);
    return { "#set": isOrdered(value) ? members : sortedByText(members) };
  }
  if (IMap.isMap(value)) {
    const entries = [...(value as IMap<unknown, unknown>).entries()].map(
      ([key, item]) => [toData(key), toData(item)] as const,
    );
    return {
      "#map": isOrdered(value)
        ? entries
        : entries.sort((a, b) => byText(JSON.stringify(a[0]), JSON.stringify(b[0]))),
    };
  }
  if (isImmutable(value)) return toData((value as { toJS(): unknown }).toJS());
  if (Array.isArray(value)) return value.map(toData);
  if (value instanceof Set) return { "#set": sortedByText([...value].map(toData)) };
  if (value instanceof Map) {
    return {
      "#map": [...value.entries()]
        .map(([key, item]) => [toData(key), toData(item)] as const)
        .sort((a, b) => byText(JSON.stringify(a[0]), JSON.stringify(b[0]))),
    };
  }
  if (typeof value === "object") {
    const record: { [field: string]: Data } = {};
    for (const [field, item] of Object.entries(value)) {
      if (typeof item !== "function") record[field] = toData(item);
    }
    return record;
  }
  return String(value);
}

function sortedByText(members: Data[]): Data[] {
  return members
    .map((member) => [JSON.stringify(member), member] as const)
    .sort((a, b) => byText(a[0], b[0]))
    .map(([, member]) => member);
}

const isSet = (data: Data): data is { readonly "#set": readonly Data[] } =>
  typeof data === "object" && data !== null && !Array.isArray(data) && "#set" in data;
const isMap = (data: Data): data is { readonly "#map": readonly (readonly [Data, Data])[] } =>
  typeof data === "object" && data !== null && !Array.isArray(data) && "#map" in data;

/**
 * Data as `--json` writes it: a set is an array, a map an array of `{key, value}` (keys need not
 * be strings), numbers and `null` as they are.
 */
export function toJsonData(data: Data): unknown {
  if (data === null || typeof data !== "object") return data;
  if (Array.isArray(data)) return data.map(toJsonData);
  if (isSet(data)) return data["#set"].map(toJsonData);
  if (isMap(data)) {
    return data["#map"].map(([key, value]) => ({ key: toJsonData(key), value: toJsonData(value) }));
  }
  return Object.fromEntries(
    Object.entries(data as { [field: string]: Data }).map(([field, value]) => [
      field,
      toJsonData(value),
    ]),
  );
}

/**
 * Data as ITF writes it: integers as `{"#bigint": "…"}`, absence as the variant
 * `{"tag": "None", "value": {}}` (as Quint writes an empty option), the rest as it is.
 */
export function toItfData(data: Data): unknown {
  if (data === null) return { tag: "None", value: {} };
  if (typeof data === "number") {
    return Number.isInteger(data) ? { "#bigint": String(data) } : String(data);
  }
  if (typeof data !== "object") return data;
  if (Array.isArray(data)) return data.map(toItfData);
  if (isSet(data)) return { "#set": data["#set"].map(toItfData) };
  if (isMap(data)) {
    return { "#map": data["#map"].map(([key, value]) => [toItfData(key), toItfData(value)]) };
  }
  return Object.fromEntries(
    Object.entries(data as { [field: string]: Data }).map(([field, value]) => [
      field,
      toItfData(value),
    ]),
  );
}

/** The inverse of {@link toItfData}: ITF values as synod writes them, back to {@link Data}. */
export function fromItfData(value: unknown, where: string): Data {
  if (value === null || typeof value === "boolean" || typeof value === "string") return value;
  if (typeof value === "number") return value;
  if (Array.isArray(value)) return value.map((item, i) => fromItfData(item, `${where}[${i}]`));
  if (typeof value !== "object") throw new Error(`${where} is not an ITF value`);
  const object = value as { [field: string]: unknown };
  if ("#bigint" in object) {
    const text = object["#bigint"];
    if (typeof text !== "string" || !/^-?[0-9]+$/.test(text)) {
      throw new Error(`${where}: #bigint is not a whole number in decimal digits`);
    }
    return Number(text);
  }
  if (object["tag"] === "None" && Object.keys(object).length === 2) return null;
  if ("#set" in object) {
    if (!Array.isArray(object["#set"])) throw new Error(`${where}: #set is not a list`);
    return { "#set": object["#set"].map((item, i) => fromItfData(item, `${where}.#set[${i}]`)) };
  }
  if ("#map" in object) {
    const entries = object["#map"];
    if (!Array.isArray(entries) || !entries.every((e) => Array.isArray(e) && e.length === 2)) {
      throw new Error(`${where}: #map is not a list of [key, value] pairs`);
    }
    return {
      "#map": entries.map(
        ([key, item], i) =>
          [
            fromItfData(key, `${where}.#map[${i}][0]`),
            fromItfData(item, `${where}.#map[${i}][1]`),
          ] as const,
      ),
    };
  }
  if ("#tup" in object || "#unserializable" in object) {
    throw new Error(`${where}: synod writes no ${"#tup" in object ? "#tup" : "#unserializable"}`);
  }
  return Object.fromEntries(
    Object.entries(object).map(([field, item]) => [field, fromItfData(item, `${where}.${field}`)]),
  );
}
