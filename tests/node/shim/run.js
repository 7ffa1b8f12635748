// Runs a job of generated mongosh scripts over the shim and prints the outcome as JSON.
//
// node run.js JOB.json, where JOB is (collections named "database/collection")
//   { collections: {name: [EJSON docs]}, scripts: [{name, source}], env: {NAME: value},
//     repeat: n (default 1), schemas: {name: $jsonSchema} (checked on the final state) }
// and the output is
//   { runs: [{ scripts: [{name, log, error, quit, writes}], state: {name: [EJSON docs]} }],
//     invalid: {name: [{_id, violations}]} }
// A script that fails (error or quit with a non-zero code) stops the run: later scripts of the
// plan depend on it.
"use strict";

const fs = require("fs");
const { Store, runScript, fromEjson, toEjson, violations } = require("./mongosh.js");

const job = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
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

const runs = [];
for (let r = 0; r < (job.repeat || 1); r++) {
  const scripts = [];
  for (const s of job.scripts) {
    const before = store.writes;
    const res = runScript(store, s.source, s.name, { process: { env: Object.assign({}, job.env || {}) } });
    scripts.push({ name: s.name, log: res.log, error: res.error, quit: res.quit, writes: store.writes - before });
    if (res.error !== null || (res.quit !== null && res.quit !== 0)) break;
  }
  runs.push({ scripts, state: snapshot() });
}

const invalid = {};
for (const [key, schema] of Object.entries(job.schemas || {})) {
  const [db, name] = split(key);
  const docs = (store.dbs.get(db) || new Map()).get(name) || [];
  const bad = [];
  for (const d of docs) {
    const v = violations(schema, d, "", []);
    if (v.length > 0) bad.push({ _id: toEjson(d._id), violations: v });
  }
  if (bad.length > 0) invalid[key] = bad;
}

process.stdout.write(JSON.stringify({ runs, invalid }));
