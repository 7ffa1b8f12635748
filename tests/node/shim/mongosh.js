// A mongosh-compatible shim over mingo (an independent implementation of MongoDB's query, update
// and aggregation semantics), for executing the scripts syncplan generates. Owned by the tests.
//
// What it adds to mingo (see the limits in the README of mingo and the test module tests/it/exec.rs):
// - the mongosh API the scripts use: db.getSiblingDB, getCollection, find, findOne, countDocuments,
//   updateMany / updateOne (operators and pipelines, arrayFilters), insertOne / insertMany,
//   deleteOne / deleteMany, aggregate with $out / $merge into a collection of the same store,
//   print / printjson / quit, NumberLong / NumberInt / NumberDecimal / ObjectId / UUID / ISODate;
// - a bsonType-aware $jsonSchema validator (bsonType, required, properties, items,
//   additionalProperties). Numbers are JS numbers in mingo, so int/long/double are told apart by
//   value (an integral value is an int), as mingo's own $type does.
"use strict";

const vm = require("vm");
const mingo = require("mingo");
const { Context, evalExpr } = require("mingo/core");
const { ObjectId, Binary, UUID } = require("bson");

// ---------- values ----------

function isPlainObject(v) {
  return v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Date) && !isBson(v);
}
function isBson(v) {
  return v !== null && typeof v === "object" && typeof v._bsontype === "string";
}

/// Extended JSON (canonical or relaxed subset) → shim values.
function fromEjson(v) {
  if (Array.isArray(v)) return v.map(fromEjson);
  if (v !== null && typeof v === "object") {
    const keys = Object.keys(v);
    if (keys.length === 1) {
      const k = keys[0];
      const x = v[k];
      if (k === "$oid") return new ObjectId(x);
      if (k === "$date") return new Date(typeof x === "object" ? Number(x.$numberLong) : x);
      if (k === "$numberLong" || k === "$numberInt" || k === "$numberDecimal") return Number(x);
      if (k === "$numberDouble") return Number(x);
      if (k === "$uuid") return new UUID(x);
      if (k === "$binary") return new Binary(Buffer.from(x.base64, "base64"), parseInt(x.subType, 16));
    }
    const o = {};
    for (const k of keys) o[k] = fromEjson(v[k]);
    return o;
  }
  return v;
}

/// Shim values → Extended JSON (relaxed numbers; dates, ids and binaries tagged).
function toEjson(v) {
  if (v === undefined) return { $undefined: true };
  if (Array.isArray(v)) return v.map(toEjson);
  if (v instanceof Date) return { $date: isNaN(v.getTime()) ? "invalid" : v.toISOString() };
  if (typeof v === "number" && !Number.isFinite(v)) return { $numberDouble: String(v) };
  if (isBson(v)) {
    if (v._bsontype === "ObjectID" || v._bsontype === "ObjectId") return { $oid: v.toHexString() };
    if (v._bsontype === "Binary") {
      if (v.sub_type === 4) return { $uuid: new UUID(v.buffer).toHexString(true) };
      return { $binary: { base64: Buffer.from(v.buffer).toString("base64"), subType: v.sub_type.toString(16) } };
    }
    return { $bson: String(v) };
  }
  if (v !== null && typeof v === "object") {
    const o = {};
    for (const k of Object.keys(v)) o[k] = toEjson(v[k]);
    return o;
  }
  return v;
}

// ---------- $jsonSchema with App Services bsonTypes ----------

function bsonTypeOf(v) {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (v instanceof Date) return "date";
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return Number.isInteger(v) ? "int" : "double";
  if (isBson(v)) {
    if (v._bsontype === "ObjectID" || v._bsontype === "ObjectId") return "objectId";
    if (v._bsontype === "Binary") return v.sub_type === 4 ? "uuid" : "binData";
    return v._bsontype;
  }
  if (typeof v === "object") return "object";
  return typeof v;
}

function hasBsonType(v, t) {
  const actual = bsonTypeOf(v);
  switch (t) {
    case "int":
      return actual === "int" && v >= -2147483648 && v <= 2147483647;
    case "long":
      return actual === "int"; // by value: mingo has no 64-bit integers
    case "double":
    case "float":
    case "decimal":
    case "number":
      return typeof v === "number";
    case "binData":
      return actual === "binData" || actual === "uuid";
    case "mixed":
      return true;
    default:
      return actual === t;
  }
}

/// Returns the list of violations of `schema` by `v` at `path` (empty: valid).
function violations(schema, v, path, out) {
  if (schema.bsonType !== undefined && schema.bsonType !== "mixed") {
    const ts = Array.isArray(schema.bsonType) ? schema.bsonType : [schema.bsonType];
    if (!ts.some((t) => hasBsonType(v, t))) {
      out.push(`${path || "$"}: ${bsonTypeOf(v)} is not ${ts.join("|")}`);
      return out;
    }
  }
  if (isPlainObject(v)) {
    for (const r of schema.required || []) {
      if (!(r in v) || v[r] === undefined) out.push(`${path ? path + "." : ""}${r}: missing`);
    }
    const props = schema.properties || {};
    for (const k of Object.keys(v)) {
      const p = props[k];
      // Optional fields may hold null: App Services "Null Type Schema Validation" on, as Realm
      // clients write null for them (required fields are never nullable).
      if (p && v[k] === null && !(schema.required || []).includes(k)) continue;
      if (p) violations(p, v[k], path ? `${path}.${k}` : k, out);
      else if (schema.additionalProperties && typeof schema.additionalProperties === "object")
        violations(schema.additionalProperties, v[k], path ? `${path}.${k}` : k, out);
      else if (schema.additionalProperties === false) out.push(`${path ? path + "." : ""}${k}: not allowed`);
    }
  }
  if (Array.isArray(v) && schema.items) {
    v.forEach((x, i) => violations(schema.items, x, `${path}.${i}`, out));
  }
  return out;
}

const jsonSchemaValidator = (schema) => (doc) => violations(schema, doc, "", []).length === 0;

// ---------- $convert as the server does it (MongoDB manual, $convert; mingo is looser) ----------
//
// Conversion errors throw ConvertError, which $convert turns into onError. Strings parse as the
// server documents: base-10 integers only for int/long ("2.5", "0x10", "" and " 12 " are errors),
// base-10 numbers for double/decimal, "true"/"false" are NOT parsed to bool (any string is true),
// objectId from 24 hex digits only, dates from ISO-8601 forms only.

class ConvertError extends Error {}
const INT32 = [-2147483648, 2147483647];
const typeName = { 1: "double", 2: "string", 7: "objectId", 8: "bool", 9: "date", 16: "int", 18: "long", 19: "decimal" };

function convertValue(v, to) {
  const t = typeName[to] || to;
  const from = bsonTypeOf(v);
  const fail = (why) => {
    throw new ConvertError(`cannot convert ${from} to ${t}: ${why}`);
  };
  switch (t) {
    case "bool":
      if (from === "bool") return v;
      if (typeof v === "number") return v !== 0;
      if (from === "string" || from === "objectId" || from === "date") return true;
      return fail("unsupported");
    case "int":
    case "long": {
      let n;
      if (from === "bool") n = v ? 1 : 0;
      else if (typeof v === "number") {
        if (!Number.isFinite(v)) fail("not finite");
        n = Math.trunc(v);
      } else if (from === "string") {
        if (!/^[+-]?[0-9]+$/.test(v)) fail("not a base-10 integer");
        n = Number(v);
      } else if (from === "date" && t === "long") n = v.getTime();
      else fail("unsupported");
      if (t === "int" && (n < INT32[0] || n > INT32[1])) fail("out of int32 range");
      if (t === "long" && !Number.isSafeInteger(n)) fail("beyond what the shim can hold exactly");
      return n;
    }
    case "double":
    case "decimal": {
      if (from === "bool") return v ? 1 : 0;
      if (typeof v === "number") return v;
      if (from === "string") {
        if (!/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(v) && !/^[+-]?(Infinity|inf|NaN)$/i.test(v))
          fail("not a base-10 number");
        return Number(v);
      }
      if (from === "date") return v.getTime();
      return fail("unsupported");
    }
    case "string":
      if (from === "string") return v;
      if (from === "bool") return v ? "true" : "false";
      if (typeof v === "number") return String(v);
      if (from === "objectId") return v.toHexString();
      if (from === "date") return v.toISOString();
      return fail("unsupported");
    case "objectId":
      if (from === "objectId") return v;
      if (from === "string" && /^[0-9a-fA-F]{24}$/.test(v)) return new ObjectId(v);
      return fail("not 24 hex digits");
    case "date":
      if (from === "date") return v;
      if (from === "long" || (from === "int" && Math.abs(v) > INT32[1])) return new Date(v);
      if (from === "double" && typeof v === "number") return new Date(Math.trunc(v));
      if (from === "objectId") return v.getTimestamp();
      if (from === "string") {
        if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?( ?(Z|[+-]\d{2}:?\d{2}))?)?$/.test(v)) fail("not a date string");
        const iso = /[zZ]|[+-]\d{2}:?\d{2}$/.test(v) || v.length === 10 ? v : v + "Z";
        const d = new Date(iso.replace(" ", "T").replace(/ ([+-])/, "$1"));
        if (isNaN(d.getTime())) fail("invalid date");
        return d;
      }
      return fail("unsupported (an int is not a date: convert through long)");
    default:
      return fail(`target type ${t} not emulated`);
  }
}

function serverConvert(obj, expr, options) {
  const input = evalExpr(obj, expr.input, options);
  if (input === null || input === undefined) {
    return expr.onNull === undefined ? null : evalExpr(obj, expr.onNull, options);
  }
  const to = evalExpr(obj, expr.to, options);
  try {
    return convertValue(input, to);
  } catch (e) {
    if (!(e instanceof ConvertError)) throw e;
    if (expr.onError === undefined) throw new Error(`$convert: ${e.message}`);
    return evalExpr(obj, expr.onError, options);
  }
}

function shorthand(to) {
  return (obj, expr, options) => {
    const v = evalExpr(obj, expr, options);
    if (v === null || v === undefined) return null;
    try {
      return convertValue(v, to);
    } catch (e) {
      if (e instanceof ConvertError) throw new Error(`$convert: ${e.message}`);
      throw e;
    }
  };
}

// mingo merges contexts with its built-in operators winning, so the server-faithful operators are
// put in front of every context's lookup.
const SERVER_OPS = {
    $convert: serverConvert,
    $toBool: shorthand("bool"),
    $toInt: shorthand("int"),
    $toLong: shorthand("long"),
    $toDouble: shorthand("double"),
    $toDecimal: shorthand("decimal"),
    $toString: shorthand("string"),
    $toDate: shorthand("date"),
    $toObjectId: shorthand("objectId"),
  // Server type names (mingo says "objectid", "int32", ...); numbers by value (§5.1).
  $type: (obj, expr, options) => {
    const v = evalExpr(obj, Array.isArray(expr) ? expr[0] : expr, options);
    if (v === undefined) return "missing";
    const t = bsonTypeOf(v);
    if (t === "int") return v >= INT32[0] && v <= INT32[1] ? "int" : "long";
    if (t === "uuid") return "binData";
    return t;
  },
};
const getOperator = Context.prototype.getOperator;
Context.prototype.getOperator = function (type, name) {
  if (type === "expression" && Object.prototype.hasOwnProperty.call(SERVER_OPS, name)) return SERVER_OPS[name];
  return getOperator.call(this, type, name);
};
const OPTIONS = { jsonSchemaValidator };

// ---------- the store and the mongosh API ----------

class Store {
  constructor() {
    this.dbs = new Map(); // db name → Map(collection name → array of documents)
    this.writes = 0;
  }
  coll(db, name) {
    if (!this.dbs.has(db)) this.dbs.set(db, new Map());
    const d = this.dbs.get(db);
    if (!d.has(name)) d.set(name, []);
    return d.get(name);
  }
  replace(db, name, docs) {
    this.coll(db, name);
    this.dbs.get(db).set(name, docs);
  }
}

/// A field set to $$REMOVE (or to a missing value) is absent on the server; mingo leaves the key
/// with the value undefined. Removes such keys in place.
function stripUndefined(v) {
  if (Array.isArray(v)) v.forEach(stripUndefined);
  else if (isPlainObject(v)) {
    for (const k of Object.keys(v)) {
      if (v[k] === undefined) delete v[k];
      else stripUndefined(v[k]);
    }
  }
  return v;
}

function clone(v) {
  if (Array.isArray(v)) return v.map(clone);
  if (v instanceof Date) return new Date(v.getTime());
  if (isBson(v)) return v;
  if (v !== null && typeof v === "object") {
    const o = {};
    for (const k of Object.keys(v)) o[k] = clone(v[k]);
    return o;
  }
  return v;
}

function sameValue(a, b) {
  return JSON.stringify(toEjson(a)) === JSON.stringify(toEjson(b));
}

function resolver(store, dbName) {
  return (name) => {
    if (typeof name === "object" && name !== null) return store.coll(name.db || dbName, name.coll);
    return store.coll(dbName, name);
  };
}

/// An `update` change event from the document before and after (top-level fields, as
/// https://www.mongodb.com/docs/manual/reference/change-events/update/ describes; the server may
/// report finer paths, which handlers must treat as their top-level field).
function updateEvent(before, after) {
  const updatedFields = {};
  const removedFields = [];
  for (const k of Object.keys(after)) {
    if (!(k in before) || !sameValue(before[k], after[k])) updatedFields[k] = clone(after[k]);
  }
  for (const k of Object.keys(before)) if (!(k in after)) removedFields.push(k);
  return { operationType: "update", documentKey: { _id: after._id }, updateDescription: { updatedFields, removedFields, truncatedArrays: [] } };
}

class Collection {
  constructor(store, dbName, name) {
    this.store = store;
    this.dbName = dbName;
    this.name = name;
  }
  get docs() {
    return this.store.coll(this.dbName, this.name);
  }
  options() {
    return Object.assign({}, OPTIONS, { collectionResolver: resolver(this.store, this.dbName) });
  }
  emit(event) {
    if (this.store.onEvent) this.store.onEvent(this.dbName, this.name, event);
  }
  find(filter = {}, projection) {
    const docs = mingo.find(this.docs, filter, projection, OPTIONS).all();
    const arr = docs.map(clone);
    return {
      toArray: () => arr,
      forEach: (f) => arr.forEach(f),
      count: () => arr.length,
      limit: (n) => ({ toArray: () => arr.slice(0, n), forEach: (f) => arr.slice(0, n).forEach(f) }),
      [Symbol.iterator]: () => arr[Symbol.iterator](),
    };
  }
  findOne(filter = {}) {
    const d = mingo.find(this.docs, filter, undefined, OPTIONS).next();
    return d === undefined ? null : clone(d);
  }
  countDocuments(filter = {}) {
    return mingo.find(this.docs, filter, undefined, OPTIONS).all().length;
  }
  estimatedDocumentCount() {
    return this.docs.length;
  }
  insertOne(doc) {
    const d = clone(doc);
    if (d._id === undefined) d._id = new ObjectId();
    if (this.docs.some((x) => sameValue(x._id, d._id))) throw new Error(`E11000 duplicate key: ${this.name} _id`);
    this.docs.push(d);
    this.store.writes++;
    this.emit({ operationType: "insert", documentKey: { _id: d._id }, fullDocument: clone(d) });
    return { acknowledged: true, insertedId: d._id };
  }
  insertMany(docs) {
    const ids = docs.map((d) => this.insertOne(d).insertedId);
    return { acknowledged: true, insertedIds: ids };
  }
  deleteMany(filter) {
    const hit = new Set(mingo.find(this.docs, filter, undefined, OPTIONS).all());
    const keep = this.docs.filter((d) => !hit.has(d));
    this.store.replace(this.dbName, this.name, keep);
    this.store.writes += hit.size;
    for (const d of hit) this.emit({ operationType: "delete", documentKey: { _id: d._id } });
    return { acknowledged: true, deletedCount: hit.size };
  }
  deleteOne(filter) {
    const d = mingo.find(this.docs, filter, undefined, OPTIONS).next();
    if (d === undefined) return { acknowledged: true, deletedCount: 0 };
    this.store.replace(
      this.dbName,
      this.name,
      this.docs.filter((x) => x !== d)
    );
    this.store.writes++;
    this.emit({ operationType: "delete", documentKey: { _id: d._id } });
    return { acknowledged: true, deletedCount: 1 };
  }
  _update(filter, update, options, many) {
    const before = this.docs.map((d) => JSON.stringify(toEjson(d)));
    const olds = this.store.onEvent ? this.docs.map(clone) : [];
    const ids = this.docs.map((d) => d._id);
    const cfg = {};
    if (options && options.arrayFilters) cfg.arrayFilters = options.arrayFilters;
    const f = many ? mingo.updateMany : mingo.updateOne;
    const r = f(this.docs, filter, update, cfg, OPTIONS);
    this.docs.forEach(stripUndefined);
    // The server never lets an update change _id (mingo lets a pipeline do it silently).
    this.docs.forEach((d, i) => {
      if (!sameValue(d._id, ids[i])) throw new Error("Performing an update on the path '_id' would modify the immutable field '_id'");
    });
    const modified = this.docs.filter((d, i) => JSON.stringify(toEjson(d)) !== before[i]).length;
    this.store.writes += modified;
    if (this.store.onEvent)
      this.docs.forEach((d, i) => {
        if (JSON.stringify(toEjson(d)) !== before[i]) this.emit(updateEvent(olds[i], d));
      });
    return { acknowledged: true, matchedCount: r.matchedCount, modifiedCount: modified };
  }
  updateMany(filter, update, options) {
    return this._update(filter, update, options, true);
  }
  updateOne(filter, update, options) {
    return this._update(filter, update, options, false);
  }
  replaceOne(filter, doc) {
    const cur = mingo.find(this.docs, filter, undefined, OPTIONS).next();
    if (cur === undefined) return { acknowledged: true, matchedCount: 0, modifiedCount: 0 };
    const next = clone(doc);
    if (next._id !== undefined && !sameValue(next._id, cur._id)) throw new Error("replaceOne: would modify the immutable field '_id'");
    next._id = cur._id;
    const i = this.docs.indexOf(cur);
    if (sameValue(Object.assign({ _id: cur._id }, next), cur)) return { acknowledged: true, matchedCount: 1, modifiedCount: 0 };
    const ordered = Object.assign({ _id: cur._id }, next);
    this.docs[i] = ordered;
    this.store.writes++;
    this.emit({ operationType: "replace", documentKey: { _id: cur._id }, fullDocument: clone(ordered) });
    return { acknowledged: true, matchedCount: 1, modifiedCount: 1 };
  }
  aggregate(pipeline) {
    // $lookup resolves a named collection in the same database (as the server does).
    const OPTIONS = this.options();
    const last = pipeline[pipeline.length - 1] || {};
    if (last.$out !== undefined) {
      const out = typeof last.$out === "string" ? { db: this.dbName, coll: last.$out } : last.$out;
      const docs = mingo.aggregate(this.docs, pipeline.slice(0, -1), OPTIONS).map(clone).map(stripUndefined);
      const seen = new Set();
      for (const d of docs) {
        const k = JSON.stringify(toEjson(d._id));
        if (seen.has(k)) throw new Error(`$out: E11000 duplicate key ${k}`);
        seen.add(k);
      }
      // The server replaces the target collection atomically (mingo appends).
      this.store.replace(out.db || this.dbName, out.coll, docs);
      this.store.writes += docs.length;
      return cursor([]);
    }
    if (last.$merge !== undefined) {
      const m = typeof last.$merge === "string" ? { into: last.$merge } : last.$merge;
      const into = typeof m.into === "string" ? { db: this.dbName, coll: m.into } : m.into;
      if (into.atlas) throw new Error("$merge into another cluster is not possible in one deployment");
      const on = m.on || "_id";
      if (on !== "_id") throw new Error("shim: $merge on a field other than _id is not emulated");
      const docs = mingo.aggregate(this.docs, pipeline.slice(0, -1), OPTIONS).map(clone).map(stripUndefined);
      const target = this.store.coll(into.db || this.dbName, into.coll);
      const intoColl = new Collection(this.store, into.db || this.dbName, into.coll);
      const seen = new Set();
      for (const d of docs) {
        if (d._id === undefined || d._id === null) throw new Error("$merge: the output document has no _id");
        const k = JSON.stringify(toEjson(d._id));
        if (seen.has(k)) throw new Error(`$merge: the output holds _id ${k} twice`);
        seen.add(k);
        const i = target.findIndex((x) => JSON.stringify(toEjson(x._id)) === k);
        const wm = m.whenMatched || "merge";
        const wnm = m.whenNotMatched || "insert";
        if (i < 0) {
          if (wnm === "insert") {
            target.push(d);
            this.store.writes++;
            intoColl.emit({ operationType: "insert", documentKey: { _id: d._id }, fullDocument: clone(d) });
          } else if (wnm === "fail") throw new Error("$merge: no match");
          continue;
        }
        const cur = target[i];
        let next;
        if (wm === "keepExisting") continue;
        else if (wm === "fail") throw new Error("$merge: matched an existing document");
        else if (wm === "replace") next = d;
        else if (wm === "merge") next = Object.assign(clone(cur), d);
        else if (Array.isArray(wm)) {
          const vars = Object.assign({}, m.let || {}, { new: d });
          next = mingo.aggregate([clone(cur)], wm, Object.assign({}, OPTIONS, { variables: vars }))[0];
          stripUndefined(next);
        } else throw new Error(`$merge: whenMatched ${JSON.stringify(wm)} not emulated`);
        if (!sameValue(next._id, cur._id)) throw new Error("$merge: would modify the immutable field '_id'");
        if (!sameValue(next, cur)) {
          target[i] = next;
          this.store.writes++;
          intoColl.emit(wm === "replace" ? { operationType: "replace", documentKey: { _id: cur._id }, fullDocument: clone(next) } : updateEvent(cur, next));
        }
      }
      return cursor([]);
    }
    return cursor(mingo.aggregate(this.docs, pipeline, OPTIONS).map(clone).map(stripUndefined));
  }
  drop() {
    this.store.replace(this.dbName, this.name, []);
    return true;
  }
}

function cursor(arr) {
  return {
    toArray: () => arr,
    forEach: (f) => arr.forEach(f),
    next: () => arr.shift() ?? null,
    hasNext: () => arr.length > 0,
    [Symbol.iterator]: () => arr[Symbol.iterator](),
  };
}

function makeDb(store, name) {
  const db = {
    getName: () => name,
    getSiblingDB: (n) => makeDb(store, n),
    getCollection: (c) => new Collection(store, name, c),
    getCollectionNames: () => [...(store.dbs.get(name) || new Map()).keys()],
  };
  return new Proxy(db, {
    get(t, k) {
      if (k in t || typeof k !== "string") return t[k];
      return new Collection(store, name, k);
    },
  });
}

class Quit extends Error {
  constructor(code) {
    super(`quit(${code})`);
    this.code = code;
  }
}

/// Runs one mongosh script in a fresh `vm` context over `store`. `globals` are predefined names
/// (as `mongosh --eval` would set them). Returns {log, error, quit}.
function runScript(store, source, name, globals = {}) {
  const log = [];
  const ctx = {
    db: makeDb(store, "test"),
    print: (...a) => log.push(a.map((x) => (typeof x === "string" ? x : JSON.stringify(toEjson(x)))).join(" ")),
    printjson: (x) => log.push(JSON.stringify(toEjson(x))),
    quit: (code = 0) => {
      throw new Quit(code);
    },
    NumberLong: (x) => Number(x),
    NumberInt: (x) => Number(x),
    NumberDecimal: (x) => Number(x),
    Long: { fromString: (x) => Number(x) },
    ObjectId: function (x) {
      return new ObjectId(x);
    },
    UUID: (x) => (x === undefined ? new UUID() : new UUID(x)),
    BinData: (t, b64) => new Binary(Buffer.from(b64, "base64"), t),
    ISODate: (x) => (x === undefined ? new Date() : new Date(x)),
    Date,
    JSON,
    Math,
    Number,
    String,
    Object,
    Array,
    Error,
  };
  Object.assign(ctx, globals);
  vm.createContext(ctx);
  try {
    vm.runInContext(source, ctx, { filename: name, timeout: 20000 });
    return { log, error: null, quit: null };
  } catch (e) {
    if (e instanceof Quit) return { log, error: null, quit: e.code };
    return { log, error: String(e && e.message ? e.message : e), quit: null };
  }
}

module.exports = { convertValue, Store, Collection, makeDb, runScript, fromEjson, toEjson, violations, bsonTypeOf, jsonSchemaValidator, clone, sameValue };
