const Realm = require("realm");

const PersonSchema = {
  name: "Person",
  primaryKey: "_id",
  properties: {
    _id: "objectId",
    name: { type: "string", indexed: true },
    firstName: { type: "string", mapTo: "first_name" },
    age: "int?",
    cars: { type: "linkingObjects", objectType: "Car", property: "owner" },
    tags: `string[]`,
    ...extraFields,
  },
};

const LogSchema = {
  name: "Log",
  asymmetric: true,
  primaryKey: "_id",
  properties: {
    _id: "uuid",
    level: { type: "string", default: LEVELS.info },
    visits: { type: "int", presentation: "counter" },
  },
};

module.exports = { PersonSchema, LogSchema };
