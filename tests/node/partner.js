// Runs a partner-collection plan's trigger functions as App Services would, over the mingo shim:
// each generated Atlas Function runs in a Node `vm` with a fake `context`
// (`context.services.get(name).db(d).collection(c)`, async like the Functions API), `BSON`,
// `EJSON` and `console`; every write to a watched collection (echo included) produces a change
// event that fires that collection's trigger, one event at a time (ordered triggers).
//
// node partner.js JOB.json, where JOB is (collections named "database/collection")
//   { collections: {name: [EJSON docs]},
//     forward: {collection, source}, reverse: {collection, source},   // triggers and functions
//     copy: mongosh source (the copy, also the catch-up),
//     during: [op],       // client writes the triggers miss (forward trigger off), after the copy
//     ops: [op],          // client writes with both triggers on
//     max_hops: n }
//   op = {coll, op: "insert", doc} | {coll, op: "update", id, set, unset} |
//        {coll, op: "replace", id, doc} | {coll, op: "delete", id}
// and the output is
//   { scripts: [{name, log, error, writes}], after_catch_up: state, final: state,
//     ops: [{i, events, max_hop, errors}], refusals: [EJSON], max_hop, errors: [..] }
// An event chain longer than max_hops stops the run with an error (an infinite echo).
"use strict";

const fs = require("fs");
const vm = require("vm");
const bson = require("bson");
const { Store, Collection, runScript, fromEjson, toEjson } = require("./shim/mongosh.js");

const job = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const MAX = job.max_hops || 20;
const store = new Store();
function split(key) {
  const i = key.indexOf("/");
  return [key.slice(0, i), key.slice(i + 1)];
}
for (const [key, docs] of Object.entries(job.collections || {})) {
  const [db, name] = split(key);
  store.replace(db, name, fromEjson(docs));
}
function snapshot() {
  const out = {};
  for (const [db, colls] of store.dbs) {
    for (const [name, docs] of colls) out[`${db}/${name}`] = toEjson(docs);
  }
  return out;
}

// ---------- the Functions environment ----------

const EJSON = {
  stringify: (v) => JSON.stringify(toEjson(v)),
  parse: (s) => fromEjson(JSON.parse(s)),
};
// Numbers are JS numbers in the shim: a Long is the number it holds.
class Long {
  static fromString(s) {
    const n = Number(s);
    if (!Number.isSafeInteger(n)) throw new Error(`Long ${s} is beyond what the shim holds exactly`);
    return n;
  }
}
const BSON = { ObjectId: bson.ObjectId, UUID: bson.UUID, Binary: bson.Binary, Long };

function asyncCollection(db, name) {
  const c = new Collection(store, db, name);
  const later = (f) => Promise.resolve().then(f);
  return {
    findOne: (q) => later(() => c.findOne(q)),
    find: (q, p) => ({ toArray: () => later(() => c.find(q, p).toArray()) }),
    aggregate: (pipeline) => ({ toArray: () => later(() => c.aggregate(pipeline).toArray()) }),
    insertOne: (d) => later(() => c.insertOne(d)),
    updateOne: (q, u, o) => later(() => c.updateOne(q, u, o)),
    updateMany: (q, u, o) => later(() => c.updateMany(q, u, o)),
    deleteOne: (q) => later(() => c.deleteOne(q)),
    deleteMany: (q) => later(() => c.deleteMany(q)),
    count: (q) => later(() => c.countDocuments(q)),
  };
}
// The linked data sources the app has (a function naming another one fails, as in App Services).
const services = new Set(job.services || ["mongodb-atlas"]);
const context = {
  services: {
    get: (service) => {
      if (!services.has(service)) throw new Error(`no linked data source named ${service}`);
      return { db: (d) => ({ collection: (c) => asyncCollection(d, c) }) };
    },
  },
};

const log = [];
function load(source, name) {
  const sandbox = {
    exports: undefined,
    context,
    BSON,
    EJSON,
    console: { log: (...a) => log.push(a.join(" ")), error: (...a) => log.push(a.join(" ")) },
    Promise,
    Object,
    Array,
    String,
    Number,
    Set,
    Map,
    JSON,
    Error,
  };
  vm.createContext(sandbox);
  vm.runInContext(source, sandbox, { filename: name });
  if (typeof sandbox.exports !== "function") throw new Error(`${name}: exports is not a function`);
  return sandbox.exports;
}
const triggers = {};
for (const dir of ["forward", "reverse"]) {
  const t = job[dir];
  triggers[t.collection] = { dir, fn: load(t.source, `${dir}.js`), enabled: false };
}

// ---------- the dispatcher ----------

const queue = [];
let hop = 0;
store.onEvent = (db, name, event) => {
  const t = triggers[`${db}/${name}`];
  if (t && t.enabled) queue.push({ t, event: fromEjson(JSON.parse(JSON.stringify(toEjson(event)))), hop: hop + 1 });
};
const errors = [];
async function drain() {
  let events = 0;
  let max = 0;
  while (queue.length > 0) {
    const e = queue.shift();
    events++;
    max = Math.max(max, e.hop);
    if (e.hop > MAX) {
      errors.push(`an event chain went beyond ${MAX} hops (infinite echo?): ${e.t.dir} ${EJSON.stringify(e.event)}`);
      queue.length = 0;
      break;
    }
    hop = e.hop;
    try {
      await e.t.fn(e.event);
    } catch (err) {
      errors.push(`${e.t.dir} function failed on ${EJSON.stringify(e.event)}: ${err && err.stack ? err.stack : err}`);
    }
    hop = 0;
  }
  return { events, max_hop: max };
}

/// Applies a client write; returns how many documents it matched.
function apply(op) {
  const [db, name] = split(op.coll);
  const c = new Collection(store, db, name);
  const id = fromEjson(op.id);
  switch (op.op) {
    case "insert":
      c.insertOne(fromEjson(op.doc));
      return 1;
    case "update": {
      const u = {};
      if (op.set && Object.keys(op.set).length > 0) u.$set = fromEjson(op.set);
      if (op.unset && op.unset.length > 0) u.$unset = Object.fromEntries(op.unset.map((f) => [f, ""]));
      return c.updateOne({ _id: id }, u).matchedCount;
    }
    case "replace":
      return c.replaceOne({ _id: id }, fromEjson(op.doc)).matchedCount;
    case "delete":
      return c.deleteOne({ _id: id }).deletedCount;
    default:
      throw new Error(`unknown op ${op.op}`);
  }
}

function refusals() {
  const out = [];
  for (const l of log) {
    try {
      const v = JSON.parse(l);
      if (v.syncplan_refused) out.push(v.syncplan_refused);
    } catch (e) {
      // not a report line
    }
  }
  return out;
}

(async () => {
  const scripts = [];
  const run = (name) => {
    const before = store.writes;
    const r = runScript(store, job.copy, name, { process: { env: {} } });
    scripts.push({ name, log: r.log, error: r.error, writes: store.writes - before });
  };
  const fwd = triggers[job.forward.collection];
  const rev = triggers[job.reverse.collection];
  // The plan's order: forward trigger on, copy; writes the trigger misses; catch-up (twice: the
  // second must write nothing); reverse trigger on; clients write on both sides.
  fwd.enabled = true;
  run("copy");
  await drain();
  fwd.enabled = false;
  const during = (job.during || []).map((op) => apply(op));
  fwd.enabled = true;
  run("catch-up");
  await drain();
  run("catch-up again");
  await drain();
  const after_catch_up = snapshot();
  rev.enabled = true;
  const ops = [];
  for (const [i, op] of (job.ops || []).entries()) {
    const before = errors.length;
    let matched = 0;
    try {
      matched = apply(op);
    } catch (e) {
      errors.push(`op ${i} failed: ${e}`);
    }
    const r = await drain();
    ops.push({ i, matched, events: r.events, max_hop: r.max_hop, errors: errors.slice(before) });
  }
  const max_hop = Math.max(0, ...ops.map((o) => o.max_hop));
  process.stdout.write(
    JSON.stringify({ scripts, during, after_catch_up, final: snapshot(), ops, refusals: refusals(), log, max_hop, errors })
  );
})().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e));
  process.exit(1);
});
